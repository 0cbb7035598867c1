import type { Logger } from '@micro-ecommerce/pkg/logger';
import { EventConsumer, TOPICS, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import type { CartConfig } from '../../../config.js';

/** The cart's consumer group of business events: every group receives each event once. */
export const CART_CONSUMER_GROUP = 'cart-service';
/** The cart's consumer group of product's SKU view feed. */
export const SKU_VIEWS_CONSUMER_GROUP = 'cart-sku-views';

// One subscription per group: the feed's backlog and retries never sit in front of OrderPaid, and a restarted
// consumer of one cannot hold up the other (a consumer with both subscriptions once took minutes after a restart
// to receive order-events again in CI).

/** The OrderPaid consumer (not started yet). */
export const createOrderPaidConsumer = (config: CartConfig, deps: { logger: Logger; handler: EventHandler }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: CART_CONSUMER_GROUP,
    subscriptions: { [TOPICS.orderEvents]: 'OrderPaid' },
    handler: deps.handler,
    logger: deps.logger,
  });

/** The SkuViewsChanged consumer (not started yet). */
export const createSkuViewsConsumer = (config: CartConfig, deps: { logger: Logger; handler: EventHandler }) =>
  new EventConsumer({
    config: config.rocketmq,
    group: SKU_VIEWS_CONSUMER_GROUP,
    subscriptions: { [TOPICS.catalogEvents]: 'SkuViewsChanged' },
    handler: deps.handler,
    logger: deps.logger,
  });
