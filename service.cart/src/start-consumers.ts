import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import {
  CART_CONSUMER_GROUP,
  createOrderPaidConsumer,
  createSkuViewsConsumer,
  SKU_VIEWS_CONSUMER_GROUP,
} from './adapters/in/mq/cart-consumer.js';
import { orderPaidHandler } from './adapters/in/mq/order-paid-handler.js';
import { skuViewsChangedHandler } from './adapters/in/mq/sku-views-changed-handler.js';
import { createRedisCartStore } from './adapters/out/redis/redis-cart-store.js';
import { createRedisSkuViews } from './adapters/out/redis/redis-sku-views.js';
import { makeRefreshSkuViews } from './app/refresh-sku-views.js';
import { makeRemoveBoughtItems } from './app/remove-bought-items.js';
import type { CartConfig } from './config.js';

/** The running event consumers; stop() lets the events in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/**
 * Wires the cart's consumers (OrderPaid removes bought items; SkuViewsChanged refreshes the SKU views, unless
 * sku_view_max_age_ms turns the views off) and starts receiving; shared by main.ts and the tests.
 */
export const startCartConsumers = async (config: CartConfig, deps: { logger: Logger; redis: Redis }): Promise<RunningConsumers> => {
  const section = config.services.cart;
  const store = createRedisCartStore(deps.redis, { ttlSeconds: section.ttl_seconds });
  const consumers = [
    createOrderPaidConsumer(config, { logger: deps.logger, handler: orderPaidHandler(makeRemoveBoughtItems({ store }), deps.logger) }),
  ];
  if (section.sku_view_max_age_ms > 0) {
    const views = createRedisSkuViews(deps.redis, { maxAgeMs: section.sku_view_max_age_ms });
    consumers.push(
      createSkuViewsConsumer(config, { logger: deps.logger, handler: skuViewsChangedHandler(makeRefreshSkuViews({ views }), deps.logger) }),
    );
  }
  await Promise.all(consumers.map((consumer) => consumer.start()));
  deps.logger.info(
    { groups: consumers.length === 2 ? [CART_CONSUMER_GROUP, SKU_VIEWS_CONSUMER_GROUP] : [CART_CONSUMER_GROUP] },
    'event consumers started',
  );
  return { stop: async () => void (await Promise.all(consumers.map((consumer) => consumer.stop()))) };
};
