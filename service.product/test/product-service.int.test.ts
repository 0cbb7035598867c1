import { loadConfig } from '@micro-ecommerce/pkg/config';
import type { AppError } from '@micro-ecommerce/pkg/errors';
import { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import { startProduct, type RunningProduct } from '../src/start-product.js';
import { testTokens } from './tokens.js';

// The whole service in-process on free ports, over real HTTP and gRPC, against the real PostgreSQL and
// MongoDB-wire servers. The stores are shared and persistent: this run's data has its own category and token.

const { config } = loadConfig(productConfigSchema, { defaultStage: 'config/test.yaml' });
const pool = createPool(config.postgres, 'product');
const mongo = createMongo(config.mongodb.url);
const run = crypto.randomUUID().slice(0, 8);
const category = `int-${run}`;

let service: RunningProduct;
let tokens: Awaited<ReturnType<typeof testTokens>>;
let grpc: ReturnType<typeof createGrpcClient<ProductServiceClient>>;

beforeAll(async () => {
  tokens = await testTokens();
  const settings = { ...config.services.product, http: { host: '127.0.0.1', port: 0 }, grpc: { host: '127.0.0.1', port: 0 } };
  service = await startProduct(settings, { logger: pino({ level: 'silent' }), pool, mongo, verifyToken: tokens.verifyToken });
  grpc = createGrpcClient(ProductServiceClient, `127.0.0.1:${service.grpcPort}`, { grpc: config.grpc });
});

afterAll(async () => {
  // Leave the shared local catalog as it was: delete what this run created and did not delete itself.
  const left = await http('GET', `/api/v1/product?category=${category}&page_size=100`).catch(() => undefined);
  for (const p of left?.body?.data ?? []) await http('DELETE', `/api/v1/product/${p.id}`, undefined, tokens.admin);
  grpc?.close();
  await service?.stop();
  await Promise.all([pool.end(), mongo.close()]);
});

const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`http://127.0.0.1:${service.httpPort}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
};

const newProduct = (title: string, variants: { name: string; price_cents: number; stock: number }[]) => ({
  title: `${title} ${run}`,
  body: `A ${title.toLowerCase()} for the integration test`,
  category: category.toUpperCase(),
  assets: [{ url: `https://img.example/${run}.jpg`, alt: title }],
  variants: variants.map((v) => ({ ...v, attributes: { name: v.name } })),
});

// available + reserved + sold against the sum of recorded adjustments, per SKU of a product.
const ledgerMismatches = async (productId: string) => {
  const { rows } = await pool.query(
    `select s.id, s.available + s.reserved + s.sold as units, coalesce(sum(a.delta), 0) as adjusted
     from skus s left join stock_adjustments a on a.sku_id = s.id
     where s.product_id = $1 group by s.id having s.available + s.reserved + s.sold <> coalesce(sum(a.delta), 0)`,
    [productId],
  );
  return rows;
};

describe('product service', () => {
  let mug: any;
  let pan: any;

  it('answers health and readiness with both stores reachable', async () => {
    expect((await http('GET', '/healthz')).status).toBe(200);
    expect(await http('GET', '/readyz')).toEqual({
      status: 200,
      body: { data: { status: 'ready', checks: { postgres: 'ok', mongodb: 'ok' } } },
    });
  });

  it('creates products for an admin and serves them publicly with prices and stock', async () => {
    const created = await http(
      'POST',
      '/api/v1/product',
      newProduct('Mug', [
        { name: 'White', price_cents: 1200, stock: 10 },
        { name: 'Black', price_cents: 1300, stock: 0 },
      ]),
      tokens.admin,
    );
    expect(created.status).toBe(201);
    mug = created.body.data;
    expect(mug).toMatchObject({
      title: `Mug ${run}`,
      category,
      variants: [{ name: 'White', price_cents: 1200, available: 10 }, { name: 'Black' }],
    });
    expect(mug.variants[0].sku_id).toMatch(/^[0-9a-f-]{36}$/);
    pan = (await http('POST', '/api/v1/product', newProduct('Pan', [{ name: 'Steel', price_cents: 4500, stock: 3 }]), tokens.admin)).body
      .data;
    await http('POST', '/api/v1/product', newProduct('Kettle', [{ name: 'Red', price_cents: 3000, stock: 1 }]), tokens.admin);
    expect(await http('GET', `/api/v1/product/${mug.id}`)).toEqual({ status: 200, body: { data: mug } });
  });

  it('lists by category, pages newest first, and searches title and body literally', async () => {
    const first = await http('GET', `/api/v1/product?category=${category}&page_size=2`);
    expect(first.body.page).toEqual({ page: 1, page_size: 2, total: 3, total_pages: 2 });
    expect(first.body.data.map((p: any) => p.title)).toEqual([`Kettle ${run}`, `Pan ${run}`]);
    expect(first.body.data[1].variants[0]).toMatchObject({ price_cents: 4500, available: 3 });
    const second = await http('GET', `/api/v1/product?category=${category}&page=2&page_size=2`);
    expect(second.body.data.map((p: any) => p.id)).toEqual([mug.id]);
    const search = await http('GET', `/api/v1/product?q=${encodeURIComponent(`MUG ${run}`)}`);
    expect(search.body.data.map((p: any) => p.id)).toEqual([mug.id]);
    const byBody = await http('GET', `/api/v1/product?category=${category}&q=${encodeURIComponent('a pan FOR')}`);
    expect(byBody.body.data.map((p: any) => p.id)).toEqual([pan.id]);
    expect((await http('GET', `/api/v1/product?category=${category}&q=${encodeURIComponent('.*')}`)).body.page.total).toBe(0);
  });

  it('updates fields, reprices an existing SKU and adds a variant', async () => {
    const white = mug.variants[0].sku_id;
    const res = await http(
      'PUT',
      `/api/v1/product/${mug.id}`,
      {
        title: `Big Mug ${run}`,
        variants: [
          { sku_id: white, price_cents: 1500 },
          { name: 'Blue', price_cents: 1600, stock: 4 },
        ],
      },
      tokens.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.variants.map((v: any) => [v.name, v.price_cents, v.available])).toEqual([
      ['White', 1500, 10],
      ['Black', 1300, 0],
      ['Blue', 1600, 4],
    ]);
    mug = res.body.data;
    expect((await http('GET', `/api/v1/product?q=${encodeURIComponent(`big mug ${run}`)}`)).body.data.map((p: any) => p.id)).toEqual([
      mug.id,
    ]);
    const foreign = await http(
      'PUT',
      `/api/v1/product/${mug.id}`,
      { variants: [{ sku_id: pan.variants[0].sku_id, price_cents: 1 }] },
      tokens.admin,
    );
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'SKU_NOT_FOUND']);
  });

  it('adjusts stock so that available + reserved + sold always equals the sum of adjustments', async () => {
    const white = mug.variants[0].sku_id;
    const path = `/api/v1/product/sku/${white}/stock`;
    expect((await http('PUT', path, { delta: -3, reason: 'breakage' }, tokens.admin)).body.data).toMatchObject({
      available: 7,
      adjustment: { delta: -3 },
    });
    expect((await http('PUT', path, { available: 20, reason: 'recount' }, tokens.admin)).body.data).toMatchObject({
      available: 20,
      adjustment: { delta: 13 },
    });
    const below = await http('PUT', path, { delta: -21, reason: 'oops' }, tokens.admin);
    expect([below.status, below.body.error.code]).toEqual([409, 'STOCK_BELOW_ZERO']);
    expect((await http('PUT', path, { available: -1, reason: 'x' }, tokens.admin)).status).toBe(400);
    expect(await ledgerMismatches(mug.id)).toEqual([]);
    const { rows } = await pool.query('select delta, reason from stock_adjustments where sku_id = $1 order by id', [white]);
    expect(rows).toEqual([
      { delta: 10n, reason: 'initial stock' },
      { delta: -3n, reason: 'breakage' },
      { delta: 13n, reason: 'recount' },
    ]);
  });

  it('answers batched gRPC reads in request order, with unknown ids as not found', async () => {
    const [white, black, blue] = mug.variants.map((v: any) => v.sku_id);
    const unknown = crypto.randomUUID();
    const properties = await grpc.call('getSkuProperties', { skuIds: [blue, unknown, white, 'garbage', white, pan.variants[0].sku_id] });
    expect(properties.notFoundSkuIds).toEqual([unknown, 'garbage']);
    expect(properties.items.map((i) => i.skuId)).toEqual([blue, white, pan.variants[0].sku_id]);
    expect(properties.items[1]).toEqual({
      skuId: white,
      productId: mug.id,
      title: `Big Mug ${run}`,
      variantName: 'White',
      priceCents: 1500n,
      currency: 'USD',
      imageUrl: `https://img.example/${run}.jpg`,
      attributes: { name: 'White' },
      purchasable: true,
      available: 20,
    });
    const stock = await grpc.call('getSkuStock', { skuIds: [black, white, unknown] });
    expect(stock).toEqual({
      items: [
        { skuId: black, available: 0 },
        { skuId: white, available: 20 },
      ],
      notFoundSkuIds: [unknown],
    });
    const tooMany = (await grpc
      .call('getSkuStock', { skuIds: Array.from({ length: 201 }, () => white) })
      .catch((e: unknown) => e)) as AppError;
    expect([tooMany.kind, tooMany.reason]).toEqual(['INVALID_ARGUMENT', 'BATCH_TOO_LARGE']);
  });

  it('deletes a product: gone from reads, its SKUs unknown to gRPC and to stock changes', async () => {
    expect((await http('DELETE', `/api/v1/product/${mug.id}`, undefined, tokens.customer)).status).toBe(403);
    expect((await http('DELETE', `/api/v1/product/${mug.id}`, undefined, tokens.admin)).status).toBe(204);
    expect((await http('GET', `/api/v1/product/${mug.id}`)).status).toBe(404);
    expect((await http('DELETE', `/api/v1/product/${mug.id}`, undefined, tokens.admin)).status).toBe(404);
    expect((await http('GET', `/api/v1/product?category=${category}`)).body.page.total).toBe(2);
    const skuIds = mug.variants.map((v: any) => v.sku_id);
    expect((await grpc.call('getSkuProperties', { skuIds })).notFoundSkuIds).toEqual(skuIds);
    expect((await grpc.call('getSkuStock', { skuIds })).notFoundSkuIds).toEqual(skuIds);
    expect((await http('PUT', `/api/v1/product/sku/${skuIds[0]}/stock`, { delta: 1, reason: 'x' }, tokens.admin)).status).toBe(404);
    expect(await ledgerMismatches(mug.id)).toEqual([]);
  });

  it('writes no SKU row for a create or update the domain rejects', async () => {
    const since = (await pool.query<{ now: Date }>('select now()')).rows[0]!.now;
    const twins = newProduct('Twins', [
      { name: 'Same', price_cents: 1, stock: 1 },
      { name: 'SAME', price_cents: 2, stock: 2 },
    ]);
    const created = await http('POST', '/api/v1/product', twins, tokens.admin);
    expect([created.status, created.body.error.code, created.body.error.details.field]).toEqual([
      409,
      'VARIANT_NAME_TAKEN',
      'variants.1.name',
    ]);
    const updated = await http(
      'PUT',
      `/api/v1/product/${pan.id}`,
      { variants: [{ name: 'steel', price_cents: 1, stock: 1 }] },
      tokens.admin,
    );
    expect([updated.status, updated.body.error.code, updated.body.error.details.field]).toEqual([
      409,
      'VARIANT_NAME_TAKEN',
      'variants.0.name',
    ]);
    // Integration files run one at a time, so no other writer adds SKU rows meanwhile.
    const { rows } = await pool.query('select id from skus where created_at >= $1', [since]);
    expect(rows).toEqual([]);
    expect((await http('GET', `/api/v1/product?category=${category}`)).body.page.total).toBe(2);
  });
});
