import { isDeepStrictEqual } from 'node:util';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { createEvent, eventId, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPaidHandler } from '../src/adapters/in/mq/order-paid-handler.js';
import { cartKey, createRedisCartStore } from '../src/adapters/out/redis/redis-cart-store.js';
import { createRedisSkuViews, skuViewKey } from '../src/adapters/out/redis/redis-sku-views.js';
import { makeRemoveBoughtItems } from '../src/app/remove-bought-items.js';
import { startCartConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { config, logger } from './cart-harness.js';

// OrderPaid and SkuViewsChanged against the real Redis: first the OrderPaid handler alone (duplicate delivery),
// then the consumer wired as main.ts wires it, fed through the real broker. Customer, order and SKU ids are
// unique to this run.

const redis = createRedis(config.redis.url);
const customers: string[] = [];
const skus: string[] = [];

const newCart = async (lines: Record<string, number>): Promise<string> => {
  const id = `test-${crypto.randomUUID()}`;
  customers.push(id);
  await redis.hset(cartKey(id), lines);
  return id;
};
const cartOf = (customerId: string) => redis.hgetall(cartKey(customerId));
const orderPaid = (customerId: string, items: Array<{ sku_id: string; quantity: number }>): EventEnvelope => {
  const orderId = crypto.randomUUID();
  return {
    ...createEvent('OrderPaid', 'order', { order_id: orderId, customer_id: customerId, total_cents: 500, items }),
    id: eventId('OrderPaid', orderId),
  };
};

afterAll(async () => {
  if (customers.length > 0) await redis.del(...customers.map(cartKey));
  if (skus.length > 0) await redis.del(...skus.map(skuViewKey));
  await redis.quit();
});

describe('OrderPaid handler (real Redis)', () => {
  it('removes the bought quantities once when the same event is delivered twice', async () => {
    const store = createRedisCartStore(redis, { ttlSeconds: 600 });
    const handle = orderPaidHandler(makeRemoveBoughtItems({ store }), logger);
    const customerId = await newCart({ a: 5, b: 2 });
    const event = orderPaid(customerId, [
      { sku_id: 'a', quantity: 2 },
      { sku_id: 'b', quantity: 2 },
    ]);
    await handle(event, { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 });
    await handle(event, { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 2 });
    expect(await cartOf(customerId)).toEqual({ a: '3' });
  });
});

describe('the cart consumer through the broker', () => {
  // The consumer gets its own connection, as in main.ts, closed after it stopped.
  const consumerRedis = createRedis(config.redis.url);
  let consumers: RunningConsumers;
  let producer: EventProducer;
  const publish = (event: EventEnvelope) =>
    producer.publishInTransaction(TOPICS.orderEvents, event, [(event.data as { order_id: string }).order_id], async () => undefined);

  beforeAll(async () => {
    producer = new EventProducer({
      config: config.rocketmq,
      topics: [TOPICS.orderEvents, TOPICS.catalogEvents],
      checker: async () => 'COMMIT',
      logger,
    });
    await producer.start();
    consumers = await startCartConsumers(config, { logger, redis: consumerRedis });
    // Probes empty a throwaway cart.
    await warmUpConsumer(async () => {
      const probeCart = await newCart({ probe: 1 });
      await publish(orderPaid(probeCart, [{ sku_id: 'probe', quantity: 1 }]));
      return async () => (await redis.exists(cartKey(probeCart))) === 0;
    }, 'the cart consumer');
  }, 90_000);

  afterAll(async () => {
    await consumers?.stop();
    await producer?.stop();
    await consumerRedis.quit();
  });

  it('removes the bought units from the paying customer cart', async () => {
    const customerId = await newCart({ a: 4, b: 1, c: 2 });
    await publish(
      orderPaid(customerId, [
        { sku_id: 'a', quantity: 1 },
        { sku_id: 'b', quantity: 1 },
      ]),
    );
    const removed = await waitUntil(async () => isDeepStrictEqual(await cartOf(customerId), { a: '3', c: '2' }), 20_000);
    expect(removed).toBe(true);
  }, 30_000);

  it('refreshes the SKU views from SkuViewsChanged, the newer view winning whatever order they arrive in', async () => {
    const sku = crypto.randomUUID();
    skus.push(sku);
    const views = createRedisSkuViews(redis, { maxAgeMs: 60_000 });
    const viewOf = async () => (await views.read([sku])).get(sku);
    const changed = (observedAtMs: number, priceCents: string) =>
      producer.publish(
        TOPICS.catalogEvents,
        createEvent('SkuViewsChanged', 'product', {
          observed_at_ms: observedAtMs,
          views: [
            { sku_id: sku, view: { title: 'Lamp', variant_name: 'Brass', price_cents: priceCents, purchasable: true, available: 3 } },
          ],
        }),
        [sku],
      );
    const now = Date.now();
    await changed(now, '9007199254740993');
    const lamp = { title: 'Lamp', variantName: 'Brass', priceCents: 9_007_199_254_740_993n, purchasable: true, available: 3 };
    expect(await waitUntil(async () => isDeepStrictEqual(await viewOf(), lamp), 20_000)).toBe(true);
    // A view product observed earlier, delivered later (a redelivery, or two product replicas racing), is ignored:
    // the newer one published after it shows, never the older.
    await changed(now - 1_000, '100');
    await changed(now + 1_000, '300');
    expect(await waitUntil(async () => (await viewOf())?.priceCents === 300n, 20_000)).toBe(true);
    expect(await redis.get(skuViewKey(sku))).toMatch(new RegExp(`^${now + 1_000}\\|`));
  }, 45_000);
});
