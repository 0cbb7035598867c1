import type { Logger } from '@micro-ecommerce/pkg/logger';
import { EventConsumer, parseEventData, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { ReturnStock } from '../../../app/return-stock.js';
import type { ProductConfig } from '../../../config.js';

/** The product service's consumer group: every group receives each event once. */
export const PRODUCT_CONSUMER_GROUP = 'product-service';

// Only the fields this consumer uses (a tolerant reader). An OrderCancelled without `paid: true` is a refused
// checkout, which sold nothing; one with it must name the checkout's transaction.
const cancellation = z.object({ paid: z.boolean().optional() });
const paidCancellation = z.object({ order_id: z.string().min(1), xid: z.string().min(1) });

/**
 * Returns the sold units of an order cancelled after payment (paid = true); other cancellations sold nothing and
 * are acknowledged untouched. Throws, for the broker to redeliver, while the checkout's confirm is still pending
 * (NOT_YET_CONFIRMED) and on a malformed event (retried, then dead-lettered).
 */
export const orderCancelledHandler =
  (returnStock: ReturnStock, logger: Logger): EventHandler =>
  async (event) => {
    if (event.type !== 'OrderCancelled') return;
    if (parseEventData(event, cancellation).paid !== true) return;
    const data = parseEventData(event, paidCancellation);
    const outcome = await returnStock({ eventId: event.id, orderId: data.order_id, xid: data.xid });
    const fields = { event_id: event.id, order_id: data.order_id, xid: data.xid, outcome };
    // Nothing was sold under that checkout: redelivering would not change it.
    if (outcome === 'RESERVATION_ABSENT' || outcome === 'RESERVATION_CANCELLED')
      logger.warn(fields, 'OrderCancelled (paid) names a checkout that sold no stock; nothing returned');
    else logger.info(fields, 'OrderCancelled (paid) processed');
    return outcome === 'DUPLICATE' ? 'duplicate' : undefined;
  };

/** The OrderCancelled consumer of the product service (not started yet). */
export const createOrderCancelledConsumer = (config: ProductConfig, deps: { logger: Logger; returnStock: ReturnStock }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: PRODUCT_CONSUMER_GROUP,
    subscriptions: { [TOPICS.orderEvents]: 'OrderCancelled' },
    handler: orderCancelledHandler(deps.returnStock, deps.logger),
    logger: deps.logger,
  });
