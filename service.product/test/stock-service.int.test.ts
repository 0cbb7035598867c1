import { loadConfig } from '@micro-ecommerce/pkg/config';
import type { AppError } from '@micro-ecommerce/pkg/errors';
import { StockServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkuRepository } from '../src/adapters/out/postgres/sku-repository.js';
import { productConfigSchema } from '../src/config.js';
import { startProduct, type RunningProduct } from '../src/start-product.js';
import { testTokens } from './tokens.js';

// Checkout's stock branch over real gRPC against the real product database. SKU rows are created directly (the
// catalog plays no part in reservations) under a product id unique to this run; every xid is fresh.

const { config } = loadConfig(productConfigSchema, { defaultStage: 'config/test.yaml' });
const pool = createPool(config.postgres, 'product');
const mongo = createMongo(config.mongodb.url);
const productId = `stock-int-${crypto.randomUUID()}`;
const skus = createSkuRepository(pool);

let service: RunningProduct;
let grpc: ReturnType<typeof createGrpcClient<StockServiceClient>>;

beforeAll(async () => {
  const settings = { ...config.services.product, http: { host: '127.0.0.1', port: 0 }, grpc: { host: '127.0.0.1', port: 0 } };
  const { verifyToken } = await testTokens();
  service = await startProduct(settings, { logger: pino({ level: 'silent' }), pool, mongo, verifyToken });
  grpc = createGrpcClient(StockServiceClient, `127.0.0.1:${service.grpcPort}`, { grpc: config.grpc });
});

afterAll(async () => {
  grpc?.close();
  await service?.stop();
  await Promise.all([pool.end(), mongo.close()]);
});

const newSku = async (stock: number) => (await skus.create(productId, [{ priceCents: 500, stock }]))[0]!.id;
const levels = async (skuId: string) => {
  const { rows } = await pool.query('select available, reserved, sold from skus where id = $1', [skuId]);
  return { available: Number(rows[0].available), reserved: Number(rows[0].reserved), sold: Number(rows[0].sold) };
};
const reservationsOf = async (xid: string) =>
  (await pool.query('select sku_id, quantity from stock_reservations where xid = $1 order by sku_id', [xid])).rows.map((r) => ({
    skuId: r.sku_id as string,
    quantity: Number(r.quantity),
  }));
const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e as AppError);
const tryReserve = (xid: string, items: { skuId: string; quantity: number }[]) => grpc.call('tryReserve', { xid, items });

describe('StockService (TCC stock branch)', () => {
  it('try then confirm moves units available → reserved → sold, once however often confirm is delivered', async () => {
    const [a, b] = [await newSku(10), await newSku(3)];
    const xid = crypto.randomUUID();
    await tryReserve(xid, [
      { skuId: a, quantity: 4 },
      { skuId: b, quantity: 3 },
    ]);
    await tryReserve(xid, [{ skuId: a, quantity: 4 }]); // a retried try: already applied, nothing more reserved
    expect(await levels(a)).toEqual({ available: 6, reserved: 4, sold: 0 });
    expect(await levels(b)).toEqual({ available: 0, reserved: 3, sold: 0 });
    expect(await reservationsOf(xid)).toEqual(
      [
        { skuId: a, quantity: 4 },
        { skuId: b, quantity: 3 },
      ].sort((x, y) => (x.skuId < y.skuId ? -1 : 1)),
    );
    await grpc.call('confirmReserve', { xid });
    await grpc.call('confirmReserve', { xid });
    expect(await levels(a)).toEqual({ available: 6, reserved: 0, sold: 4 });
    expect(await levels(b)).toEqual({ available: 0, reserved: 0, sold: 3 });
  });

  it('try then cancel restores the units, and a duplicate cancel changes nothing', async () => {
    const sku = await newSku(5);
    const xid = crypto.randomUUID();
    await tryReserve(xid, [{ skuId: sku, quantity: 2 }]);
    expect(await levels(sku)).toEqual({ available: 3, reserved: 2, sold: 0 });
    await grpc.call('cancelReserve', { xid });
    await grpc.call('cancelReserve', { xid });
    expect(await levels(sku)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('cancel before try is an empty rollback, and the late try is refused with ABORTED reserving nothing', async () => {
    const sku = await newSku(5);
    const xid = crypto.randomUUID();
    await grpc.call('cancelReserve', { xid });
    const late = await failure(tryReserve(xid, [{ skuId: sku, quantity: 1 }]));
    expect([late?.kind, late?.reason]).toEqual(['ABORTED', 'TRANSACTION_CANCELLED']);
    expect(await levels(sku)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await reservationsOf(xid)).toEqual([]);
  });

  it('out of stock reserves nothing at all, and the same xid can still reserve once stock allows', async () => {
    const [a, b] = [await newSku(10), await newSku(1)];
    const xid = crypto.randomUUID();
    const items = [
      { skuId: a, quantity: 2 },
      { skuId: b, quantity: 2 },
    ];
    const error = await failure(tryReserve(xid, items));
    expect([error?.kind, error?.reason, error?.details]).toEqual([
      'FAILED_PRECONDITION',
      'OUT_OF_STOCK',
      { sku_id: b, requested: 2, available: 1 },
    ]);
    expect(await levels(a)).toEqual({ available: 10, reserved: 0, sold: 0 });
    expect(await reservationsOf(xid)).toEqual([]);
    // The barrier row rolled back with the rest: a retry after a restock applies.
    await skus.adjustStock(b, () => ({ delta: 1, available: 2 }), 'restock');
    await tryReserve(xid, items);
    expect(await levels(b)).toEqual({ available: 0, reserved: 2, sold: 0 });
  });

  it('answers NOT_FOUND for an unknown or deleted SKU and INVALID_ARGUMENT for bad input, reserving nothing', async () => {
    const [live, gone] = [await newSku(5), await newSku(5)];
    await skus.deleteByIds([gone]);
    for (const missing of [gone, crypto.randomUUID(), 'not-a-uuid']) {
      const error = await failure(
        tryReserve(crypto.randomUUID(), [
          { skuId: live, quantity: 1 },
          { skuId: missing, quantity: 1 },
        ]),
      );
      expect([error?.kind, error?.reason]).toEqual(['NOT_FOUND', 'SKU_NOT_FOUND']);
    }
    expect((await failure(tryReserve(crypto.randomUUID(), [{ skuId: live, quantity: 0 }])))?.kind).toBe('INVALID_ARGUMENT');
    expect((await failure(tryReserve(crypto.randomUUID(), [])))?.kind).toBe('INVALID_ARGUMENT');
    expect((await failure(tryReserve('', [{ skuId: live, quantity: 1 }])))?.kind).toBe('INVALID_ARGUMENT');
    expect((await failure(grpc.call('confirmReserve', { xid: '' })))?.kind).toBe('INVALID_ARGUMENT');
    expect(await levels(live)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('lets exactly as many concurrent one-unit tries succeed as there are units', async () => {
    const sku = await newSku(10);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => tryReserve(crypto.randomUUID(), [{ skuId: sku, quantity: 1 }])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).reason] : []))).toEqual(
      Array(10).fill('OUT_OF_STOCK'),
    );
    expect(await levels(sku)).toEqual({ available: 0, reserved: 10, sold: 0 });
  });

  it('serves concurrent checkouts listing the same SKUs in opposite orders, then their confirms and cancels, without deadlock', async () => {
    const [a, b] = [await newSku(100), await newSku(100)];
    const xids = Array.from({ length: 20 }, () => crypto.randomUUID());
    await Promise.all(
      xids.map((xid, i) =>
        tryReserve(
          xid,
          i % 2 === 0
            ? [
                { skuId: a, quantity: 1 },
                { skuId: b, quantity: 2 },
              ]
            : [
                { skuId: b, quantity: 2 },
                { skuId: a, quantity: 1 },
              ],
        ),
      ),
    );
    expect(await levels(a)).toEqual({ available: 80, reserved: 20, sold: 0 });
    await Promise.all(xids.map((xid, i) => grpc.call(i < 10 ? 'confirmReserve' : 'cancelReserve', { xid })));
    expect(await levels(a)).toEqual({ available: 90, reserved: 0, sold: 10 });
    expect(await levels(b)).toEqual({ available: 80, reserved: 0, sold: 20 });
  });

  it('keeps available + reserved + sold equal to the sum of stock adjustments for every SKU it touched', async () => {
    const { rows } = await pool.query(
      `select s.id, s.available + s.reserved + s.sold as units, coalesce(sum(a.delta), 0)::bigint as adjusted
       from skus s left join stock_adjustments a on a.sku_id = s.id where s.product_id = $1 group by s.id`,
      [productId],
    );
    // The eleven SKUs the tests above created, each checked.
    expect(rows).toHaveLength(11);
    expect(rows.filter((r) => r.units !== r.adjusted)).toEqual([]);
  });
});
