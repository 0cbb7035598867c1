import { describe, expect, it } from 'vitest';
import { FakeSkuRepository, FakeSkuViewFeed } from '../../test/fakes.js';
import { makeAdjustStock } from './adjust-stock.js';

const setup = async () => {
  const skus = new FakeSkuRepository();
  const [sku] = await skus.create('p1', [{ priceCents: 100, stock: 5 }]);
  const skuViews = new FakeSkuViewFeed();
  return { skus, skuViews, skuId: sku!.id, adjust: makeAdjustStock({ skus, skuViews }) };
};

const ledgerSum = (skus: FakeSkuRepository, skuId: string) =>
  skus.ledger.filter((l) => l.skuId === skuId).reduce((sum, l) => sum + l.delta, 0);

describe('adjustStock', () => {
  it('records every change so available + reserved + sold equals the ledger', async () => {
    const { skus, skuViews, skuId, adjust } = await setup();
    await adjust({ skuId, change: { kind: 'delta', delta: 3 }, reason: 'delivery' });
    expect(skuViews.marked).toEqual([[skuId]]);
    const { sku } = await adjust({ skuId, change: { kind: 'set', available: 2 }, reason: ' recount ' });
    expect(sku.available).toBe(2);
    expect(sku.available + sku.reserved + sku.sold).toBe(ledgerSum(skus, skuId));
    expect(skus.ledger.at(-1)).toEqual({ skuId, delta: -6, reason: 'recount' });
  });

  it('refuses to go below zero and records nothing', async () => {
    const { skus, skuId, adjust } = await setup();
    await expect(adjust({ skuId, change: { kind: 'delta', delta: -6 }, reason: 'breakage' })).rejects.toMatchObject({
      reason: 'STOCK_BELOW_ZERO',
    });
    expect(skus.ledger).toHaveLength(1);
  });

  it('answers 404 for an unknown or deleted SKU', async () => {
    const { skus, skuId, adjust } = await setup();
    await skus.deleteByIds([skuId]);
    await expect(adjust({ skuId, change: { kind: 'delta', delta: 1 }, reason: 'x' })).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      reason: 'SKU_NOT_FOUND',
    });
  });
});
