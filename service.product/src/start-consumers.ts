import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { EventConsumer, EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import { createOrderCancelledConsumer, PRODUCT_CONSUMER_GROUP } from './adapters/in/mq/order-cancelled-consumer.js';
import { createStockReturnRepository } from './adapters/out/postgres/stock-return-repository.js';
import { createProductEventPublisher } from './adapters/out/rocketmq/product-event-publisher.js';
import type { Clock, SkuViewFeed } from './app/ports.js';
import { makeReturnStock } from './app/return-stock.js';
import type { ProductConfig } from './config.js';

/** The running event consumers; stop() lets the event in hand finish first. */
export type RunningConsumers = Pick<EventConsumer, 'stop'>;

/** What the consumers are wired from. */
export interface ProductConsumerDeps {
  logger: Logger;
  pool: Pool;
  /** Started producer whose checker answers StockReturned check-backs (product-event-checker.ts). */
  producer: Pick<EventProducer, 'publishInTransaction'>;
  /** The running service's SKU view feed: returned units change what carts show. */
  skuViews: SkuViewFeed;
  clock?: Clock;
  /** Test only: see services.product.crash_at (return-stock:<before|after>-commit). */
  crashAt?: CrashHook;
}

const systemClock: Clock = { now: () => new Date() };

/** Wires the OrderCancelled consumer (stock returns) and starts receiving; shared by main.ts and the tests. */
export const startProductConsumers = async (config: ProductConfig, deps: ProductConsumerDeps): Promise<RunningConsumers> => {
  const returnStock = makeReturnStock({
    returns: createStockReturnRepository(deps.pool, { group: PRODUCT_CONSUMER_GROUP, ...(deps.crashAt ? { crashAt: deps.crashAt } : {}) }),
    events: createProductEventPublisher(deps.producer),
    skuViews: deps.skuViews,
    clock: deps.clock ?? systemClock,
  });
  const consumer = createOrderCancelledConsumer(config, { logger: deps.logger, returnStock });
  await consumer.start();
  deps.logger.info({ group: PRODUCT_CONSUMER_GROUP }, 'event consumers started');
  return consumer;
};
