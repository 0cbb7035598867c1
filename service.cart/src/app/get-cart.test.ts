import { describe, expect, it } from 'vitest';
import { FakeProductCatalog } from '../../test/fakes/fake-product-catalog.js';
import { InMemoryCartStore } from '../../test/fakes/in-memory-cart-store.js';
import type { SkuFacts } from '../domain/cart-view.js';
import { makeGetCart } from './get-cart.js';
import type { SkuViews } from './ports.js';

/** SKU views in memory (no expiry: the Redis adapter's own test covers that). */
const memoryViews = (): SkuViews & { stored: Map<string, SkuFacts | null> } => {
  const stored = new Map<string, SkuFacts | null>();
  return {
    stored,
    read: async (skuIds) => new Map(skuIds.filter((id) => stored.has(id)).map((id) => [id, stored.get(id)!])),
    write: async (views) => {
      for (const [id, view] of views) stored.set(id, view);
    },
  };
};

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

  it('answers from the SKU views once they are stored, asking product only for the SKUs without one', async () => {
    const store = new InMemoryCartStore();
    const catalog = new FakeProductCatalog().put('a', { priceCents: 100n }).put('b', { priceCents: 200n });
    const views = memoryViews();
    store.seed('c1', [
      { skuId: 'a', quantity: 1 },
      { skuId: 'gone', quantity: 1 },
    ]);
    const getCart = makeGetCart({ store, catalog, views });
    const first = await getCart('c1');
    const second = await getCart('c1');
    expect(second).toEqual(first);
    // The unknown SKU is remembered as unknown too: the second read asks product nothing.
    expect(catalog.calls).toEqual([{ method: 'skuFacts', skuIds: ['a', 'gone'] }]);
    expect(views.stored.get('gone')).toBeNull();

    store.seed('c1', [{ skuId: 'b', quantity: 2 }]);
    expect((await getCart('c1')).totalCents).toBe(400n + 100n);
    expect(catalog.calls.at(-1)).toEqual({ method: 'skuFacts', skuIds: ['b'] });
  });
});
