import { describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import { makeCreateProduct } from './create-product.js';
import { makeUpdateProduct } from './update-product.js';

const setup = async () => {
  const catalog = new FakeCatalogRepository();
  const skus = new FakeSkuRepository();
  const clock = steppingClock();
  const skuViews = new FakeSkuViewFeed();
  const created = await makeCreateProduct({ catalog, skus, clock, skuViews })({
    title: 'Mug',
    body: '',
    category: 'kitchen',
    assets: [],
    variants: [{ name: 'White', attributes: {}, priceCents: 1200, stock: 7 }],
  });
  return { catalog, skus, skuViews, created, update: makeUpdateProduct({ catalog, skus, clock, skuViews }) };
};

describe('updateProduct', () => {
  it('edits fields, reprices an existing SKU and adds a variant with its own SKU', async () => {
    const { catalog, skuViews, created, update } = await setup();
    const white = created.variants[0]!.skuId;
    const view = await update(created.id, {
      title: 'Big Mug',
      variants: [
        { kind: 'price', skuId: white, priceCents: 1500 },
        { kind: 'add', name: 'Black', attributes: { color: 'black' }, priceCents: 1600, stock: 3 },
      ],
    });
    expect(view.title).toBe('Big Mug');
    expect(view.variants.map((v) => [v.name, v.priceCents, v.available])).toEqual([
      ['White', 1500, 7],
      ['Black', 1600, 3],
    ]);
    expect(catalog.docs.get(created.id)).toMatchObject({ version: 2, title: 'Big Mug' });
    expect(view.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    // Every SKU of the product may look different in a cart now (title, price), the new one included.
    expect(skuViews.marked.at(-1)?.sort()).toEqual(view.variants.map((v) => v.skuId).sort());
  });

  it('re-reads and re-applies when another edit saved in between', async () => {
    const { catalog, created, update } = await setup();
    catalog.concurrentEdits = 2;
    const view = await update(created.id, { body: 'now with handle' });
    expect(view.body).toBe('now with handle');
    expect(catalog.calls.update).toBe(3);
  });

  it('gives up with 409 CONCURRENT_UPDATE after three misses and retires the SKUs it added', async () => {
    const { catalog, skus, created, update } = await setup();
    catalog.concurrentEdits = 3;
    await expect(
      update(created.id, { variants: [{ kind: 'add', name: 'Black', attributes: {}, priceCents: 1, stock: 1 }] }),
    ).rejects.toMatchObject({ kind: 'ABORTED', reason: 'CONCURRENT_UPDATE', httpStatus: 409 });
    const live = [...skus.rows.values()].filter((r) => !r.deleted).map((r) => r.id);
    expect(live).toEqual([created.variants[0]!.skuId]);
  });

  it('answers 404 for an unknown product without writing SKUs', async () => {
    const { skus, update } = await setup();
    await expect(update('ffffffffffffffffffffffff', { title: 'x' })).rejects.toMatchObject({ reason: 'PRODUCT_NOT_FOUND' });
    expect(skus.calls.change).toBeUndefined();
  });
});
