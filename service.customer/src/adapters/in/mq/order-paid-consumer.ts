import type { Logger } from '@micro-ecommerce/pkg/logger';
import { EventConsumer, parseEventData, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { AwardLoyaltyPoints } from '../../../app/award-loyalty-points.js';
import type { CustomerConfig } from '../../../config.js';

/** The customer service's consumer group: every group receives each event once. */
export const CUSTOMER_CONSUMER_GROUP = 'customer-service';

// Only the fields this consumer uses: other fields of the contract may change without breaking it.
const orderPaidData = z.object({
  order_id: z.string().min(1),
  customer_id: z.string().min(1),
  total_cents: z.number().int().nonnegative(),
});

/** Turns OrderPaid events into loyalty points; a malformed one throws, so it is retried and then dead-lettered. */
export const orderPaidHandler =
  (awardLoyaltyPoints: AwardLoyaltyPoints, logger: Logger): EventHandler =>
  async (event) => {
    if (event.type !== 'OrderPaid') return;
    const data = parseEventData(event, orderPaidData);
    const { outcome, points } = await awardLoyaltyPoints({ eventId: event.id, customerId: data.customer_id, totalCents: data.total_cents });
    const fields = { event_id: event.id, order_id: data.order_id, customer_id: data.customer_id, points };
    // An unknown customer is acknowledged: redelivering the event would not make the account appear.
    if (outcome === 'CUSTOMER_NOT_FOUND') logger.warn(fields, 'OrderPaid names no known customer; no points awarded');
    else logger.info({ ...fields, outcome }, 'OrderPaid processed');
    return outcome === 'DUPLICATE' ? 'duplicate' : undefined;
  };

/** The OrderPaid consumer of the customer service (not started yet). */
export const createOrderPaidConsumer = (config: CustomerConfig, deps: { logger: Logger; awardLoyaltyPoints: AwardLoyaltyPoints }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: CUSTOMER_CONSUMER_GROUP,
    subscriptions: { [TOPICS.orderEvents]: 'OrderPaid' },
    handler: orderPaidHandler(deps.awardLoyaltyPoints, deps.logger),
    logger: deps.logger,
  });
