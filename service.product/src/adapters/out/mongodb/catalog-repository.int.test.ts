import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../domain/product.js';
import { searchPattern } from '../../../domain/search.js';
import { createCatalogRepository, ensureCatalogIndexes } from './catalog-repository.js';

const mongo = createMongo(testConfig().mongodb.url);
const db = mongo.db(); // the test stage's catalog database, named in mongodb.url
const catalog = createCatalogRepository(db);
const inserted: string[] = [];
beforeAll(() => ensureCatalogIndexes(db));
// These documents list SKUs that have no rows; left behind they would show up in the local catalog.
afterAll(async () => {
  for (const id of inserted) await catalog.delete(id);
  await mongo.close();
});

// The catalog database is shared and persistent: every product of a run carries a unique token and category.
const run = crypto.randomUUID().slice(0, 8);
const category = `cat-${run}`;
// Real time, so this run's documents are the newest in the shared collection.
let clock = Date.now();
const track = (id: string) => (inserted.push(id), id);

const product = (title: string, overrides: Partial<Product> = {}): Product => ({
  id: track(catalog.newProductId()),
  title: `${title} ${run}`,
  body: 'plain body',
  category,
  assets: [{ url: 'https://img.example/a.jpg', alt: 'a' }],
  variants: [{ skuId: crypto.randomUUID(), name: 'one', attributes: { size: 'M' } }],
  version: 1,
  createdAt: new Date((clock += 1000)),
  updatedAt: new Date(clock),
  ...overrides,
});

describe('catalog repository (MongoDB wire)', () => {
  it('stores and reads back a product exactly', async () => {
    const p = product('Mug');
    await catalog.insert(p);
    expect(await catalog.findById(p.id)).toEqual(p);
    expect(await catalog.findById('0123456789abcdef01234567')).toBeUndefined();
    expect(await catalog.findById('not-an-object-id')).toBeUndefined();
  });

  it('searches literally and case-insensitively, newest first, with a total', async () => {
    const cpp = product('C++ Primer (5th ed.)');
    const cp = product('Cp Primer');
    const other = product('Tent', { category: `other-${run}` });
    for (const p of [cpp, cp, other]) await catalog.insert(p);
    const find = (q: string) => catalog.search({ pattern: searchPattern(`${q}`)!, skip: 0, limit: 10 });
    expect((await find(`c++ PRIMER (5th ed.) ${run}`)).items.map((p) => p.id)).toEqual([cpp.id]);
    expect((await find(`primer`)).items.map((p) => p.id)).toEqual(expect.arrayContaining([cp.id, cpp.id]));
    expect((await find(`.* ${run}`)).total).toBe(0);
    const page = await catalog.search({ category, pattern: searchPattern(run)!, skip: 0, limit: 2 });
    expect(page.items.map((p) => p.id)).toEqual([cp.id, cpp.id]);
    expect(page.total).toBeGreaterThanOrEqual(3);
  });

  it('finds the summaries of a batch of products by id in one query, leaving out unknown and malformed ids', async () => {
    const a = product('A', { variants: [0, 1].map((i) => ({ skuId: crypto.randomUUID(), name: `v${i}`, attributes: {} })) });
    const b = product('B');
    await catalog.insert(a);
    await catalog.insert(b);
    const found = await catalog.findSummariesByIds([a.id, b.id, '0123456789abcdef01234567', 'not-an-id']);
    expect(found.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(found.find((p) => p.id === a.id)).toEqual({ id: a.id, title: a.title, assets: a.assets, variants: a.variants });
  });

  it('updates only the version it read, and deletes once', async () => {
    const p = product('Lamp');
    await catalog.insert(p);
    const next = { ...p, title: `Desk Lamp ${run}`, version: 2, updatedAt: new Date(p.updatedAt.getTime() + 1) };
    expect(await catalog.update(next, 1)).toBe(true);
    expect(await catalog.update({ ...next, title: 'stale' }, 1)).toBe(false);
    expect((await catalog.findById(p.id))?.title).toBe(`Desk Lamp ${run}`);
    expect((await catalog.search({ pattern: searchPattern(`desk lamp ${run}`)!, skip: 0, limit: 5 })).total).toBe(1);
    expect(await catalog.delete(p.id)).toBe(true);
    expect(await catalog.delete(p.id)).toBe(false);
    expect(await catalog.update({ ...next, version: 3 }, 2)).toBe(false);
  });
});
