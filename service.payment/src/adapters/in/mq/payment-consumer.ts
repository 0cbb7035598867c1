import type { Logger } from '@micro-ecommerce/pkg/logger';
import { byEventType, byTopic, EventConsumer, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
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
 * Each type only from its owner's topic: refunds and shipments from order-events, commissions from customer-events. The tag
 * filter alone would not do: a message's tag and its body's type are both the publisher's to choose, so a
 * CommissionEarned tagged OrderCancelled on order-events would pass it. The topic is what the broker's write
 * permission (infrastructure/README.md "Security model") ties to the customer service.
 */
export const paymentEventHandler = (handlers: PaymentEventHandlers): EventHandler =>
  byTopic({
    [TOPICS.orderEvents]: byEventType({ OrderCancelled: handlers.OrderCancelled, OrderShipped: handlers.OrderShipped }),
    [TOPICS.customerEvents]: byEventType({ CommissionEarned: handlers.CommissionEarned, CommissionReversed: handlers.CommissionReversed }),
  });

/** The payment service's consumer (not started yet): paid cancellations and shipped orders from order-events, commissions from customer-events. */
export const createPaymentConsumer = (config: PaymentConfig, deps: { logger: Logger; handlers: PaymentEventHandlers }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: PAYMENT_CONSUMER_GROUP,
    subscriptions: {
      [TOPICS.orderEvents]: 'OrderCancelled || OrderShipped',
      [TOPICS.customerEvents]: 'CommissionEarned || CommissionReversed',
    },
    handler: paymentEventHandler(deps.handlers),
    logger: deps.logger,
  });
