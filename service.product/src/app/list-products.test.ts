import { describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import { makeCreateProduct } from './create-product.js';
import { makeListProducts } from './list-products.js';

describe('listProducts', () => {
  it('filters by category, pages newest first and prices the page with one SKU query', async () => {
    const catalog = new FakeCatalogRepository();
    const skus = new FakeSkuRepository();
    const create = makeCreateProduct({ catalog, skus, clock: steppingClock(), skuViews: new FakeSkuViewFeed() });
    for (const [title, category] of [
      ['Mug', 'kitchen'],
      ['Pan', 'kitchen'],
      ['Tent', 'outdoor'],
      ['Knife', 'Kitchen'],
    ] as const)
      await create({ title, body: '', category, assets: [], variants: [{ name: 'one', attributes: {}, priceCents: 100, stock: 1 }] });
    const list = makeListProducts({ catalog, skus });
    const calls = skus.calls.findByProducts ?? 0;
    const first = await list({ category: ' KITCHEN ', pageSize: 2 });
    expect(first.items.map((p) => p.title)).toEqual(['Knife', 'Pan']);
    expect(first.items[0]!.variants[0]!.priceCents).toBe(100);
    expect(first.page).toEqual({ page: 1, pageSize: 2, total: 3, totalPages: 2 });
    expect(skus.calls.findByProducts).toBe(calls + 1);
    expect((await list({ category: 'kitchen', page: 2, pageSize: 2 })).items.map((p) => p.title)).toEqual(['Mug']);
  });
});
