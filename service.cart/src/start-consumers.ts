import type { EventConsumer } from '@micro-ecommerce/pkg/rocketmq';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import { CART_CONSUMER_GROUP, createOrderPaidConsumer } from './adapters/in/mq/order-paid-consumer.js';
import { createRedisCartStore } from './adapters/out/redis/redis-cart-store.js';
import { makeRemoveBoughtItems } from './app/remove-bought-items.js';
import type { CartConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/** Wires the OrderPaid consumer (removes bought items) and starts receiving; shared by main.ts and the tests. */
export const startCartConsumers = async (config: CartConfig, deps: { logger: Logger; redis: Redis }): Promise<RunningConsumers> => {
  const store = createRedisCartStore(deps.redis, { ttlSeconds: config.services.cart.ttl_seconds });
  const consumer = createOrderPaidConsumer(config, { logger: deps.logger, removeBoughtItems: makeRemoveBoughtItems({ store }) });
  await consumer.start();
  deps.logger.info({ group: CART_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
