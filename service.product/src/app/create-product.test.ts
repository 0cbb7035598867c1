import { describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import type { ProductDraft } from '../domain/product.js';
import { makeCreateProduct } from './create-product.js';

const draft: ProductDraft = {
  title: 'Mug',
  body: 'Holds coffee',
  category: 'Kitchen',
  assets: [],
  variants: [
    { name: 'White', attributes: { color: 'white' }, priceCents: 1200, stock: 7 },
    { name: 'Black', attributes: {}, priceCents: 1300, stock: 0 },
  ],
};

const setup = () => {
  const catalog = new FakeCatalogRepository();
  const skus = new FakeSkuRepository();
  const skuViews = new FakeSkuViewFeed();
  return { catalog, skus, skuViews, create: makeCreateProduct({ catalog, skus, clock: steppingClock(), skuViews }) };
};

describe('createProduct', () => {
  it('stores one SKU per variant, lists them in the document, and records the initial stock', async () => {
    const { catalog, skus, skuViews, create } = setup();
    const view = await create(draft);
    expect(skuViews.marked).toEqual([view.variants.map((v) => v.skuId)]);
    expect(view.category).toBe('kitchen');
    expect(view.variants.map((v) => [v.name, v.priceCents, v.available])).toEqual([
      ['White', 1200, 7],
      ['Black', 1300, 0],
    ]);
    const stored = catalog.docs.get(view.id)!;
    expect(stored.variants.map((v) => v.skuId)).toEqual(view.variants.map((v) => v.skuId));
    expect(skus.ledger.map((l) => [l.skuId, l.delta])).toEqual(view.variants.map((v) => [v.skuId, v.available]));
  });

  it('writes nothing when the draft is invalid', async () => {
    const { catalog, skus, create } = setup();
    await expect(create({ ...draft, title: ' ' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(skus.rows.size + catalog.docs.size).toBe(0);
  });

  it('undoes a document write that reported failure, then retires the SKUs, and rethrows', async () => {
    const { catalog, skus, create } = setup();
    catalog.failNextInsert = new Error('socket timeout');
    await expect(create(draft)).rejects.toThrow('socket timeout');
    expect(catalog.docs.size).toBe(0);
    expect([...skus.rows.values()].every((row) => row.deleted)).toBe(true);
    expect(skus.rows.size).toBe(2);
  });
});
