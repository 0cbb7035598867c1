import type { Logger } from '@micro-ecommerce/pkg/logger';
import { parseEventData, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { RefundOrder } from '../../../app/refund-order.js';

// Only the fields this consumer reads (a tolerant reader). `paid` is read first and alone: a cancellation that
// took no money needs nothing else, and one from before `paid` existed (a refused checkout) has no `paid` at all.
const paidFlag = z.object({ paid: z.boolean().optional() });
const paidCancelledData = z.object({ order_id: z.uuid(), xid: z.string().min(1) });

/**
 * OrderCancelled → refund when the order had been paid (`paid: true`); a cancellation before payment (a refused
 * checkout) took no money and is acknowledged untouched. NOT_YET_CONFIRMED (debit still frozen) and malformed
 * events throw, so the broker redelivers them (and dead-letters a malformed one after its attempts).
 */
export const orderCancelledHandler =
  (refundOrder: RefundOrder, logger: Logger): EventHandler =>
  async (event) => {
    if (parseEventData(event, paidFlag).paid !== true) return;
    const { order_id: orderId, xid } = parseEventData(event, paidCancelledData);
    const result = await refundOrder({ eventId: event.id, orderId, xid });
    if (result === 'NOTHING_TO_REFUND')
      logger.warn({ event_id: event.id, order_id: orderId, xid }, 'paid order cancelled without a confirmed debit: nothing refunded');
    else logger.info({ event_id: event.id, order_id: orderId, xid, result }, 'OrderCancelled processed');
    return result === 'DUPLICATE' ? 'duplicate' : undefined;
  };
