import type { Logger } from '@micro-ecommerce/pkg/logger';
import { parseEventData, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { RecordShippedOrder } from '../../../app/record-shipped-order.js';

const shippedData = z.object({ order_id: z.uuid(), customer_id: z.uuid(), total_cents: z.number().int().nonnegative() });

/**
 * OrderShipped → the order is recorded as shipped: from then on a CommissionEarned of it may be credited. Once per
 * event (a redelivery resolves 'duplicate'); a malformed one throws (retried, then dead-lettered).
 */
export const orderShippedHandler =
  (recordShippedOrder: RecordShippedOrder, logger: Logger): EventHandler =>
  async (event) => {
    const data = parseEventData(event, shippedData);
    const recorded = await recordShippedOrder(event.id, {
      orderId: data.order_id,
      customerId: data.customer_id,
      totalCents: data.total_cents,
    });
    logger.info({ event_id: event.id, order_id: data.order_id, recorded }, 'OrderShipped processed');
    return recorded ? undefined : 'duplicate';
  };
