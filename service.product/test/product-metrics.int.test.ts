import { loadConfig } from '@micro-ecommerce/pkg/config';
import { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { initMetrics } from '@micro-ecommerce/pkg/telemetry';
import { sampleValue } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import { startProduct, type RunningProduct } from '../src/start-product.js';
import { testTokens } from './tokens.js';

// GetSkuProperties over real gRPC against the service in-process (real PostgreSQL and MongoDB wire server), then
// what its own GET /metrics says: catalog summaries from the cache or the catalog, and the gRPC call durations.

const { config } = loadConfig(productConfigSchema, { defaultStage: 'config/test.yaml' });
const pool = createPool(config.postgres, 'product');
const mongo = createMongo(config.mongodb.url);
const metrics = initMetrics({ serviceName: 'product' });
const run = crypto.randomUUID().slice(0, 8);
let service: RunningProduct;
let tokens: Awaited<ReturnType<typeof testTokens>>;
let grpc: ReturnType<typeof createGrpcClient<ProductServiceClient>>;
const created: string[] = [];

beforeAll(async () => {
  tokens = await testTokens();
  const settings = { ...config.services.product, http: { host: '127.0.0.1', port: 0 }, grpc: { host: '127.0.0.1', port: 0 } };
  service = await startProduct(settings, { logger: pino({ level: 'silent' }), pool, mongo, verifyToken: tokens.verifyToken, metrics });
  grpc = createGrpcClient(ProductServiceClient, `127.0.0.1:${service.grpcPort}`, { grpc: config.grpc });
});

afterAll(async () => {
  for (const id of created)
    await fetch(`http://127.0.0.1:${service.httpPort}/api/v1/product/${id}`, { method: 'DELETE', headers: tokens.admin }).catch(
      () => undefined,
    );
  grpc?.close();
  await service?.stop();
  await Promise.all([pool.end(), mongo.close()]);
  await metrics.shutdown();
});

const scrape = async () => (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();

describe('product metrics at GET /metrics', () => {
  it('counts each product GetSkuProperties looks up: a miss read from the catalog, then a hit from memory', async () => {
    const res = await fetch(`http://127.0.0.1:${service.httpPort}/api/v1/product`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...tokens.admin },
      body: JSON.stringify({
        title: `Metrics lamp ${run}`,
        body: 'A lamp for the metrics test',
        category: `INT-${run}`,
        assets: [],
        variants: [
          { name: 'Small', price_cents: 1000, stock: 1, attributes: { size: 's' } },
          { name: 'Large', price_cents: 2000, stock: 1, attributes: { size: 'l' } },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const product = ((await res.json()) as any).data;
    created.push(product.id);
    const skuIds: string[] = product.variants.map((v: any) => v.sku_id);

    const lookups = (text: string, result: string) => sampleValue(text, 'micro_ecommerce_product_summary_cache_lookups_total', { result });
    const calls = (text: string) =>
      sampleValue(text, 'rpc_server_call_duration_seconds_count', {
        rpc_system_name: 'grpc',
        rpc_method: 'product.v1.ProductService/GetSkuProperties',
        rpc_status_code: 'OK',
      });
    const before = await scrape();
    await grpc.call('getSkuProperties', { skuIds });
    const afterFirst = await scrape();
    // One product behind both SKUs: one lookup, a miss, then a hit.
    expect(lookups(afterFirst, 'miss') - lookups(before, 'miss')).toBe(1);
    expect(lookups(afterFirst, 'hit') - lookups(before, 'hit')).toBe(0);

    await grpc.call('getSkuProperties', { skuIds: [...skuIds, skuIds[0]!] });
    const afterSecond = await scrape();
    expect(lookups(afterSecond, 'hit') - lookups(afterFirst, 'hit')).toBe(1);
    expect(lookups(afterSecond, 'miss') - lookups(afterFirst, 'miss')).toBe(0);
    expect(calls(afterSecond) - calls(before)).toBe(2);
  });
});
