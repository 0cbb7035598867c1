import { describe, expect, it } from 'vitest';
import type { CatalogRepository } from '../../../app/ports.js';
import type { ProductSummary } from '../../../domain/sku-properties.js';
import { withSummaryCache } from './summary-cache.js';

const summary = (id: string, title: string, skuIds: string[]): ProductSummary => ({
  id,
  title,
  assets: [],
  variants: skuIds.map((skuId) => ({ skuId, name: skuId, attributes: {} })),
});

const fakeCatalog = (summaries: ProductSummary[]) => {
  const calls: string[][] = [];
  const catalog = {
    findSummariesBySkuIds: async (skuIds: readonly string[]) => {
      calls.push([...skuIds]);
      return summaries.filter((s) => s.variants.some((v) => skuIds.includes(v.skuId)));
    },
    update: async () => true,
    delete: async () => true,
  } as unknown as CatalogRepository;
  return { catalog, calls, summaries };
};

describe('withSummaryCache', () => {
  it('answers repeated reads from memory and asks only for the SKUs it lacks', async () => {
    const { catalog, calls } = fakeCatalog([summary('p1', 'Lamp', ['a', 'b']), summary('p2', 'Mug', ['c'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => 0 });
    expect((await cached.findSummariesBySkuIds(['a'])).map((s) => s.id)).toEqual(['p1']);
    expect((await cached.findSummariesBySkuIds(['a', 'b', 'c'])).map((s) => s.id).sort()).toEqual(['p1', 'p2']);
    expect(calls).toEqual([['a'], ['c']]);
  });

  it('asks again once an entry expired, and after this replica changed or deleted the product', async () => {
    let clock = 0;
    const { catalog, calls, summaries } = fakeCatalog([summary('p1', 'Lamp', ['a'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => clock });
    await cached.findSummariesBySkuIds(['a']);
    clock = 1500;
    await cached.findSummariesBySkuIds(['a']);
    summaries[0] = summary('p1', 'Desk Lamp', ['a']);
    await cached.update({ id: 'p1' } as never, 1);
    expect((await cached.findSummariesBySkuIds(['a']))[0]?.title).toBe('Desk Lamp');
    await cached.delete('p1');
    await cached.findSummariesBySkuIds(['a']);
    expect(calls).toHaveLength(4);
  });

  it('keeps at most maxEntries SKUs', async () => {
    const { catalog, calls } = fakeCatalog([summary('p1', 'A', ['a']), summary('p2', 'B', ['b'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 1, now: () => 0 });
    await cached.findSummariesBySkuIds(['a']);
    await cached.findSummariesBySkuIds(['b']);
    await cached.findSummariesBySkuIds(['a']);
    expect(calls).toEqual([['a'], ['b'], ['a']]);
  });
});
