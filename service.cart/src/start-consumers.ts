import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import { CART_CONSUMER_GROUP, createCartConsumer } from './adapters/in/mq/cart-consumer.js';
import { orderPaidHandler } from './adapters/in/mq/order-paid-handler.js';
import { skuViewsChangedHandler } from './adapters/in/mq/sku-views-changed-handler.js';
import { createRedisCartStore } from './adapters/out/redis/redis-cart-store.js';
import { createRedisSkuViews } from './adapters/out/redis/redis-sku-views.js';
import { makeRefreshSkuViews } from './app/refresh-sku-views.js';
import { makeRemoveBoughtItems } from './app/remove-bought-items.js';
import type { CartConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/**
 * Wires the cart's consumer (OrderPaid removes bought items, SkuViewsChanged refreshes the SKU views) and starts
 * receiving; shared by main.ts and the tests.
 */
export const startCartConsumers = async (config: CartConfig, deps: { logger: Logger; redis: Redis }): Promise<RunningConsumers> => {
  const section = config.services.cart;
  const store = createRedisCartStore(deps.redis, { ttlSeconds: section.ttl_seconds });
  // sku_view_max_age_ms 0 turns the read model off: every GET asks product, and product's view events are dropped.
  const viewsOn = section.sku_view_max_age_ms > 0;
  const views = createRedisSkuViews(deps.redis, { maxAgeMs: section.sku_view_max_age_ms });
  const consumer = createCartConsumer(config, {
    logger: deps.logger,
    handlers: {
      OrderPaid: orderPaidHandler(makeRemoveBoughtItems({ store }), deps.logger),
      SkuViewsChanged: viewsOn ? skuViewsChangedHandler(makeRefreshSkuViews({ views }), deps.logger) : async () => undefined,
    },
  });
  await consumer.start();
  deps.logger.info({ group: CART_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
