import { describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import { makeCreateProduct } from './create-product.js';
import { makeDeleteProduct } from './delete-product.js';

const setup = async () => {
  const catalog = new FakeCatalogRepository();
  const skus = new FakeSkuRepository();
  const skuViews = new FakeSkuViewFeed();
  const created = await makeCreateProduct({ catalog, skus, clock: steppingClock(), skuViews })({
    title: 'Mug',
    body: '',
    category: 'kitchen',
    assets: [],
    variants: [{ name: 'White', attributes: {}, priceCents: 1200, stock: 7 }],
  });
  return { catalog, skus, skuViews, created, remove: makeDeleteProduct({ catalog, skus, skuViews }) };
};

describe('deleteProduct', () => {
  it('removes the document and retires its SKUs; a second delete is a 404', async () => {
    const { catalog, skus, skuViews, created, remove } = await setup();
    await remove(created.id);
    expect(catalog.docs.has(created.id)).toBe(false);
    expect(skuViews.marked.at(-1)).toEqual([created.variants[0]!.skuId]);
    expect(await skus.findByIds([created.variants[0]!.skuId])).toEqual([]);
    await expect(remove(created.id)).rejects.toMatchObject({ kind: 'NOT_FOUND', reason: 'PRODUCT_NOT_FOUND' });
  });

  it('finishes a delete that stopped after removing the document', async () => {
    const { catalog, skus, created, remove } = await setup();
    catalog.docs.delete(created.id);
    await expect(remove(created.id)).resolves.toBeUndefined();
    expect(await skus.findByProducts([created.id])).toEqual([]);
  });
});
