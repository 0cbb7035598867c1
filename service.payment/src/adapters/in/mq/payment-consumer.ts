import type { Logger } from '@micro-ecommerce/pkg/logger';
import { byEventType, EventConsumer, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import type { PaymentConfig } from '../../../config.js';

/** The payment service's consumer group: every group receives each event once. */
export const PAYMENT_CONSUMER_GROUP = 'payment-service';

/** The handlers by event type; the subscriptions below deliver only these types. */
export interface PaymentEventHandlers {
  OrderCancelled: EventHandler;
  OrderShipped: EventHandler;
  CommissionEarned: EventHandler;
  CommissionReversed: EventHandler;
}

/**
 * The payment service's consumer (not started yet): paid cancellations and shipped orders from order-events,
 * commissions from customer-events.
 */
export const createPaymentConsumer = (config: PaymentConfig, deps: { logger: Logger; handlers: PaymentEventHandlers }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: PAYMENT_CONSUMER_GROUP,
    subscriptions: {
      [TOPICS.orderEvents]: 'OrderCancelled || OrderShipped',
      [TOPICS.customerEvents]: 'CommissionEarned || CommissionReversed',
    },
    handler: byEventType({ ...deps.handlers }),
    logger: deps.logger,
  });
