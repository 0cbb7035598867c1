import { describe, expect, it } from 'vitest';
import { FakeProductCatalog } from '../../test/fakes/fake-product-catalog.js';
import { InMemoryCartStore } from '../../test/fakes/in-memory-cart-store.js';
import { makeGetCart } from './get-cart.js';

describe('getCart', () => {
  it('prices and checks ten lines with ONE facts call for all of them', async () => {
    const store = new InMemoryCartStore();
    const catalog = new FakeProductCatalog();
    const skuIds = Array.from({ length: 10 }, (_, i) => `sku-${i}`);
    for (const id of skuIds) catalog.put(id, { priceCents: 100n });
    store.seed(
      'c1',
      skuIds.map((skuId) => ({ skuId, quantity: 2 })),
    );
    const view = await makeGetCart({ store, catalog })('c1');
    expect(catalog.calls.map((call) => call.method)).toEqual(['skuFacts']);
    expect(catalog.calls.every((call) => call.skuIds.length === 10)).toBe(true);
    expect(view.totalCents).toBe(2000n);
    expect(view.itemCount).toBe(20);
  });

  it('answers an empty cart without calling product', async () => {
    const catalog = new FakeProductCatalog();
    const view = await makeGetCart({ store: new InMemoryCartStore(), catalog })('nobody');
    expect(view).toEqual({ items: [], totalCents: 0n, itemCount: 0 });
    expect(catalog.calls).toEqual([]);
  });

  it('keeps a deleted SKU visible as an invalid line', async () => {
    const store = new InMemoryCartStore();
    store.seed('c1', [
      { skuId: 'kept', quantity: 1 },
      { skuId: 'deleted', quantity: 1 },
    ]);
    const view = await makeGetCart({ store, catalog: new FakeProductCatalog().put('kept') })('c1');
    expect(view.items.map((item) => [item.skuId, item.invalidReason])).toEqual([
      ['deleted', 'SKU_NOT_FOUND'],
      ['kept', null],
    ]);
  });
});
