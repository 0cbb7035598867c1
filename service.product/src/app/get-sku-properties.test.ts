import { describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import { makeCreateProduct } from './create-product.js';
import { makeDeleteProduct } from './delete-product.js';
import { makeGetSkuProperties } from './get-sku-properties.js';
import { makeGetSkuStock } from './get-sku-stock.js';

const setup = async () => {
  const catalog = new FakeCatalogRepository();
  const skus = new FakeSkuRepository();
  const create = makeCreateProduct({ catalog, skus, clock: steppingClock(), skuViews: new FakeSkuViewFeed() });
  const variants = Array.from({ length: 30 }, (_, i) => ({ name: `v${i}`, attributes: {}, priceCents: 100 + i, stock: i }));
  const a = await create({ title: 'A', body: '', category: 'c', assets: [], variants });
  const b = await create({ title: 'B', body: '', category: 'c', assets: [], variants: variants.slice(0, 2) });
  return { catalog, skus, a, b, remove: makeDeleteProduct({ catalog, skus, skuViews: new FakeSkuViewFeed() }) };
};

describe('getSkuProperties', () => {
  it('answers a whole batch with one SKU query and one catalog query', async () => {
    const { catalog, skus, a, b } = await setup();
    const ids = [...a.variants, ...b.variants].map((v) => v.skuId);
    const { items, notFound } = await makeGetSkuProperties({ catalog, skus, currency: 'EUR' })(ids);
    expect(items.map((i) => i.skuId)).toEqual(ids);
    expect(items[31]).toMatchObject({ title: 'B', variantName: 'v1', priceCents: 101, currency: 'EUR' });
    expect(notFound).toEqual([]);
    expect(skus.calls.findByIds).toBe(1);
    expect(catalog.calls.findSummariesByIds).toBe(1);
  });

  it('reports unknown, malformed and deleted SKUs as not found, in request order', async () => {
    const { catalog, skus, a, b, remove } = await setup();
    await remove(b.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const request = [b.variants[0]!.skuId, unknown, a.variants[0]!.skuId, 'not-a-uuid'];
    const { items, notFound } = await makeGetSkuProperties({ catalog, skus, currency: 'USD' })(request);
    expect(items.map((i) => i.skuId)).toEqual([a.variants[0]!.skuId]);
    expect(notFound).toEqual([b.variants[0]!.skuId, unknown, 'not-a-uuid']);
  });

  it('does not query at all for a batch with no well-formed id', async () => {
    const { catalog, skus } = await setup();
    expect(await makeGetSkuProperties({ catalog, skus, currency: 'USD' })(['x'])).toEqual({ items: [], notFound: ['x'] });
    expect(skus.calls.findByIds).toBeUndefined();
  });
});

describe('getSkuStock', () => {
  it('answers available units of live SKUs and lists deleted ones as not found', async () => {
    const { catalog, skus, a, b, remove } = await setup();
    await remove(b.id);
    const { items, notFound } = await makeGetSkuStock({ skus })([a.variants[5]!.skuId, b.variants[0]!.skuId]);
    expect(items).toEqual([{ skuId: a.variants[5]!.skuId, available: 5 }]);
    expect(notFound).toEqual([b.variants[0]!.skuId]);
    expect(catalog.calls.findSummariesByIds).toBeUndefined();
  });
});
