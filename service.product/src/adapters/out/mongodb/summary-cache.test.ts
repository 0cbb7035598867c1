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
    findSummariesByIds: async (ids: readonly string[]) => {
      calls.push([...ids]);
      return summaries.filter((s) => ids.includes(s.id));
    },
    update: async () => true,
    delete: async () => true,
  } as unknown as CatalogRepository;
  return { catalog, calls, summaries };
};

describe('withSummaryCache', () => {
  it('answers repeated reads from memory and asks only for the products it lacks', async () => {
    const { catalog, calls } = fakeCatalog([summary('p1', 'Lamp', ['a', 'b']), summary('p2', 'Mug', ['c'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => 0 });
    expect((await cached.findSummariesByIds(['p1'])).map((s) => s.id)).toEqual(['p1']);
    expect((await cached.findSummariesByIds(['p1', 'p2'])).map((s) => s.id).sort()).toEqual(['p1', 'p2']);
    expect(calls).toEqual([['p1'], ['p2']]);
  });

  it('reads a product once while concurrent callers miss it (single flight), each getting its summary', async () => {
    const { catalog, calls } = fakeCatalog([summary('p1', 'Lamp', ['a', 'b']), summary('p2', 'Mug', ['c'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => 0 });
    const answers = await Promise.all([
      cached.findSummariesByIds(['p1']),
      cached.findSummariesByIds(['p1', 'p2']),
      cached.findSummariesByIds(['p2', 'px']),
    ]);
    expect(answers.map((found) => found.map((s) => s.id).sort())).toEqual([['p1'], ['p1', 'p2'], ['p2']]);
    // p1 and p2 were read once although asked for twice; only the unknown px needed a read of its own.
    expect(calls).toEqual([['p1'], ['p2'], ['px']]);
    // An unknown product is remembered as unknown until it expires.
    await cached.findSummariesByIds(['px']);
    expect(calls).toHaveLength(3);
  });

  it('asks again once an entry expired, and after this replica changed or deleted the product', async () => {
    let clock = 0;
    const { catalog, calls, summaries } = fakeCatalog([summary('p1', 'Lamp', ['a'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => clock });
    await cached.findSummariesByIds(['p1']);
    clock = 1500;
    await cached.findSummariesByIds(['p1']);
    summaries[0] = summary('p1', 'Desk Lamp', ['a']);
    await cached.update({ id: 'p1' } as never, 1);
    expect((await cached.findSummariesByIds(['p1']))[0]?.title).toBe('Desk Lamp');
    await cached.delete('p1');
    await cached.findSummariesByIds(['p1']);
    expect(calls).toHaveLength(4);
  });

  it('answers an entry less than one TTL past its expiry at once and re-reads it behind the answer', async () => {
    let clock = 0;
    const { catalog, calls, summaries } = fakeCatalog([summary('p1', 'Lamp', ['a'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 100, now: () => clock });
    await cached.findSummariesByIds(['p1']);
    summaries[0] = summary('p1', 'Desk Lamp', ['a']);
    clock = 1500;
    // Expired: the old title now, one read started; concurrent callers share it.
    const stale = await Promise.all([cached.findSummariesByIds(['p1']), cached.findSummariesByIds(['p1'])]);
    expect(stale.map((found) => found[0]?.title)).toEqual(['Lamp', 'Lamp']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['p1'], ['p1']]);
    expect((await cached.findSummariesByIds(['p1']))[0]?.title).toBe('Desk Lamp');
    // Past twice the TTL the caller waits for the catalog.
    summaries[0] = summary('p1', 'Floor Lamp', ['a']);
    clock = 1500 + 2000;
    expect((await cached.findSummariesByIds(['p1']))[0]?.title).toBe('Floor Lamp');
    expect(calls).toHaveLength(3);
  });

  it('keeps at most maxEntries products', async () => {
    const { catalog, calls } = fakeCatalog([summary('p1', 'A', ['a']), summary('p2', 'B', ['b'])]);
    const cached = withSummaryCache(catalog, { ttlMs: 1000, maxEntries: 1, now: () => 0 });
    await cached.findSummariesByIds(['p1']);
    await cached.findSummariesByIds(['p2']);
    await cached.findSummariesByIds(['p1']);
    expect(calls).toEqual([['p1'], ['p2'], ['p1']]);
  });
});
