import type { Logger } from '@micro-ecommerce/pkg/logger';
import { byEventType, EventConsumer, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import type { CartConfig } from '../../../config.js';

/** The cart service's consumer group: every group receives each event once. */
export const CART_CONSUMER_GROUP = 'cart-service';

/** The handler of each event type the cart consumes. */
export interface CartEventHandlers extends Record<string, EventHandler> {
  /** order-events: the bought units leave the cart. */
  OrderPaid: EventHandler;
  /** catalog-events: product's SKU views refresh the cart's read model. */
  SkuViewsChanged: EventHandler;
}

/** The cart service's consumer (not started yet): one group, one subscription per topic, a handler per type. */
export const createCartConsumer = (config: CartConfig, deps: { logger: Logger; handlers: CartEventHandlers }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: CART_CONSUMER_GROUP,
    subscriptions: { [TOPICS.orderEvents]: 'OrderPaid', [TOPICS.catalogEvents]: 'SkuViewsChanged' },
    handler: byEventType(deps.handlers),
    logger: deps.logger,
  });
