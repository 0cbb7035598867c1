import { loadConfig } from '@micro-ecommerce/pkg/config';
import { StockServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, EventConsumer, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import type { SkuViewsChangedData } from '../src/domain/sku-view.js';
import { startProduct, type RunningProduct } from '../src/start-product.js';
import { testTokens } from './tokens.js';

// The SKU view feed end to end inside the service: a stock or catalog change made over HTTP or gRPC arrives as
// SkuViewsChanged on the test stage's catalog-events, read by a consumer group of this test's own.

const { config } = loadConfig(productConfigSchema, { defaultStage: 'config/test.yaml' });
const logger = pino({ level: 'silent' });
const pool = createPool(config.postgres, 'product');
const mongo = createMongo(config.mongodb.url);
const run = crypto.randomUUID().slice(0, 8);

let service: RunningProduct;
let tokens: Awaited<ReturnType<typeof testTokens>>;
let producer: EventProducer;
let listener: EventConsumer;
let stock: ReturnType<typeof createGrpcClient<StockServiceClient>>;
const received: { at: number; event: EventEnvelope<SkuViewsChangedData> }[] = [];
const probes = new Set<string>();

const http = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${service.httpPort}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...tokens.admin },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
};

/** Every view of `skuId` received so far, oldest first, with the message's observation time. */
const viewsOf = (skuId: string) =>
  received.flatMap(({ event }) =>
    event.data.views.filter((v) => v.sku_id === skuId).map((v) => ({ observedAtMs: event.data.observed_at_ms, view: v.view })),
  );

beforeAll(async () => {
  tokens = await testTokens();
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.catalogEvents], logger });
  await producer.start();
  listener = new EventConsumer({
    config: config.rocketmq,
    group: 'test-product-sku-views',
    subscriptions: { [TOPICS.catalogEvents]: 'SkuViewsChanged || Probe' },
    logger,
    handler: async (event) => {
      if (event.type === 'Probe') probes.add(event.id);
      else received.push({ at: Date.now(), event: event as EventEnvelope<SkuViewsChangedData> });
    },
  });
  await listener.start();
  await warmUpConsumer(async () => {
    const probe = createEvent('Probe', 'test', {});
    await producer.publish(TOPICS.catalogEvents, probe, [probe.id]);
    return async () => probes.has(probe.id);
  }, 'the SkuViewsChanged listener');
  const settings = { ...config.services.product, http: { host: '127.0.0.1', port: 0 }, grpc: { host: '127.0.0.1', port: 0 } };
  service = await startProduct(settings, { logger, pool, mongo, verifyToken: tokens.verifyToken, producer });
  stock = createGrpcClient(StockServiceClient, `127.0.0.1:${service.grpcPort}`, { grpc: config.grpc });
}, 90_000);

afterAll(async () => {
  stock?.close();
  await service?.stop();
  await listener?.stop();
  await producer?.stop();
  await Promise.all([pool.end(), mongo.close()]);
});

describe('SKU view feed (SkuViewsChanged on catalog-events)', () => {
  it('publishes a SKU’s new availability after a stock change, a checkout’s try and cancel, and its deletion', async () => {
    const created = await http('POST', '/api/v1/product', {
      title: `Feed Mug ${run}`,
      body: '',
      category: `feed-${run}`,
      variants: [{ name: 'White', price_cents: 1250, stock: 5 }],
    });
    expect(created.status).toBe(201);
    const productId = created.body.data.id as string;
    const skuId = created.body.data.variants[0].sku_id as string;
    expect(await waitUntil(async () => viewsOf(skuId).some((v) => v.view?.available === 5), 10_000)).toBe(true);
    expect(viewsOf(skuId)[0]!.view).toEqual({
      title: `Feed Mug ${run}`,
      variant_name: 'White',
      price_cents: '1250',
      purchasable: true,
      available: 5,
    });

    const before = Date.now();
    expect((await http('PUT', `/api/v1/product/sku/${skuId}/stock`, { delta: 7, reason: 'delivery' })).status).toBe(200);
    expect(await waitUntil(async () => viewsOf(skuId).some((v) => v.view?.available === 12), 10_000)).toBe(true);
    const afterAdjust = viewsOf(skuId).find((v) => v.view?.available === 12)!;
    // Observed after the change committed, by the clock of this same machine.
    expect(afterAdjust.observedAtMs).toBeGreaterThanOrEqual(before);

    const xid = crypto.randomUUID();
    await stock.call('tryReserve', { xid, items: [{ skuId, quantity: 3 }] });
    expect(await waitUntil(async () => viewsOf(skuId).at(-1)?.view?.available === 9, 10_000)).toBe(true);
    await stock.call('cancelReserve', { xid });
    expect(await waitUntil(async () => viewsOf(skuId).at(-1)?.view?.available === 12, 10_000)).toBe(true);

    expect((await http('DELETE', `/api/v1/product/${productId}`)).status).toBe(204);
    expect(await waitUntil(async () => viewsOf(skuId).at(-1)?.view === null, 10_000)).toBe(true);
  });

  it('coalesces a burst of stock changes of one SKU into a few messages', async () => {
    const created = await http('POST', '/api/v1/product', {
      title: `Hot Mug ${run}`,
      body: '',
      category: `feed-${run}`,
      variants: [{ name: 'Red', price_cents: 990, stock: 100 }],
    });
    const skuId = created.body.data.variants[0].sku_id as string;
    expect(await waitUntil(async () => viewsOf(skuId).length > 0, 10_000)).toBe(true);
    const seen = viewsOf(skuId).length;
    await Promise.all(
      Array.from({ length: 20 }, () => stock.call('tryReserve', { xid: crypto.randomUUID(), items: [{ skuId, quantity: 1 }] })),
    );
    expect(await waitUntil(async () => viewsOf(skuId).some((v) => v.view?.available === 80), 10_000)).toBe(true);
    // 20 changes within well under a second: at most a handful of flushes carried them, not 20 messages.
    expect(viewsOf(skuId).length - seen).toBeLessThan(10);
    await http('DELETE', `/api/v1/product/${created.body.data.id}`);
  });
});
