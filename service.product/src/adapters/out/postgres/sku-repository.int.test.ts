import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { planAdjustment } from '../../../domain/stock.js';
import { createSkuRepository } from './sku-repository.js';

const pool = createPool(testConfig().postgres, 'product');
afterAll(() => pool.end());
const skus = createSkuRepository(pool);
const productId = () => `test-${crypto.randomUUID()}`;

const ledger = async (skuId: string) => {
  const { rows } = await pool.query<{ total: bigint; n: bigint }>(
    'select coalesce(sum(delta), 0)::bigint as total, count(*)::bigint as n from stock_adjustments where sku_id = $1',
    [skuId],
  );
  return { total: Number(rows[0]!.total), count: Number(rows[0]!.n) };
};

describe('sku repository (PostgreSQL)', () => {
  it('creates rows in input order with their initial stock recorded as adjustments', async () => {
    const id = productId();
    const created = await skus.create(id, [
      { priceCents: 9_007_199_254_740_991, stock: 3 },
      { priceCents: 0, stock: 0 },
    ]);
    const found = await skus.findByProducts([id]);
    expect(found).toEqual(expect.arrayContaining(created));
    expect(found).toHaveLength(2);
    expect(created[0]).toMatchObject({ productId: id, priceCents: 9_007_199_254_740_991, available: 3 });
    expect(await ledger(created[0]!.id)).toEqual({ total: 3, count: 1 });
  });

  it('serialises concurrent adjustments: never below zero, and the ledger always matches the row', async () => {
    const [sku] = await skus.create(productId(), [{ priceCents: 100, stock: 10 }]);
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () => skus.adjustStock(sku!.id, (levels) => planAdjustment(levels, { kind: 'delta', delta: -1 }), 'sale')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.reason)).toEqual(
      Array(6).fill('STOCK_BELOW_ZERO'),
    );
    const [row] = await skus.findByIds([sku!.id]);
    expect(row!.available).toBe(0);
    expect(await ledger(sku!.id)).toEqual({ total: row!.available + row!.reserved + row!.sold, count: 11 });
  });

  it('records nothing for a change to the same count', async () => {
    const [sku] = await skus.create(productId(), [{ priceCents: 100, stock: 4 }]);
    const result = await skus.adjustStock(sku!.id, (levels) => planAdjustment(levels, { kind: 'set', available: 4 }), 'recount');
    expect(result?.adjustment.delta).toBe(0);
    expect((await ledger(sku!.id)).count).toBe(1);
  });

  it('reprices and adds atomically: a SKU of another product rolls the whole change back', async () => {
    const id = productId();
    const [mine] = await skus.create(id, [{ priceCents: 100, stock: 1 }]);
    const [theirs] = await skus.create(productId(), [{ priceCents: 200, stock: 1 }]);
    await expect(
      skus.change(
        id,
        [
          { skuId: mine!.id, priceCents: 150 },
          { skuId: theirs!.id, priceCents: 1 },
        ],
        [{ priceCents: 300, stock: 2 }],
      ),
    ).rejects.toMatchObject({ reason: 'SKU_NOT_FOUND' });
    expect((await skus.findByProducts([id])).map((s) => s.priceCents)).toEqual([100]);
    expect((await skus.findByIds([theirs!.id]))[0]!.priceCents).toBe(200);

    const added = await skus.change(id, [{ skuId: mine!.id, priceCents: 150 }], [{ priceCents: 300, stock: 2 }]);
    expect((await skus.findByProducts([id])).map((s) => s.priceCents).sort()).toEqual([150, 300]);
    expect(await ledger(added[0]!.id)).toEqual({ total: 2, count: 1 });
  });

  it('hides deleted rows from every read and from stock changes, keeping their ledger', async () => {
    const id = productId();
    const [a, b] = await skus.create(id, [
      { priceCents: 1, stock: 1 },
      { priceCents: 2, stock: 2 },
    ]);
    expect(await skus.deleteByIds([a!.id])).toBe(1);
    expect((await skus.findByProducts([id])).map((s) => s.id)).toEqual([b!.id]);
    expect(await skus.deleteByProduct(id)).toEqual([b!.id]);
    expect(await skus.deleteByProduct(id)).toEqual([]);
    expect(await skus.findByIds([a!.id, b!.id])).toEqual([]);
    expect(await skus.adjustStock(b!.id, (levels) => planAdjustment(levels, { kind: 'delta', delta: 1 }), 'x')).toBeUndefined();
    expect(await ledger(b!.id)).toEqual({ total: 2, count: 1 });
  });
});
