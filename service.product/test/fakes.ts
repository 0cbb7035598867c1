import { randomUUID } from 'node:crypto';
import type { CatalogRepository, Clock, SkuRepository, SkuViewFeed } from '../src/app/ports.js';
import type { Product } from '../src/domain/product.js';
import type { Sku } from '../src/domain/sku.js';

/** In-memory SkuRepository with the adjustment ledger and per-method call counts. */
export class FakeSkuRepository implements SkuRepository {
  readonly rows = new Map<string, Sku & { deleted: boolean }>();
  readonly ledger: { skuId: string; delta: number; reason: string }[] = [];
  readonly calls: Record<string, number> = {};

  private count(method: string) {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  private live = () => [...this.rows.values()].filter((r) => !r.deleted);

  private insert(productId: string, skus: readonly { priceCents: number; stock: number }[]): Sku[] {
    return skus.map((s) => {
      const sku: Sku = { id: randomUUID(), productId, priceCents: s.priceCents, available: s.stock, reserved: 0, sold: 0 };
      this.rows.set(sku.id, { ...sku, deleted: false });
      this.ledger.push({ skuId: sku.id, delta: s.stock, reason: 'initial stock' });
      return sku;
    });
  }

  create: SkuRepository['create'] = async (productId, skus) => {
    this.count('create');
    return this.insert(productId, skus);
  };

  change: SkuRepository['change'] = async (productId, prices, added) => {
    this.count('change');
    for (const p of prices) this.rows.get(p.skuId)!.priceCents = p.priceCents;
    return this.insert(productId, added);
  };

  findByProducts: SkuRepository['findByProducts'] = async (productIds) => {
    this.count('findByProducts');
    return this.live().filter((r) => productIds.includes(r.productId));
  };

  findByIds: SkuRepository['findByIds'] = async (skuIds) => {
    this.count('findByIds');
    return this.live().filter((r) => skuIds.includes(r.id));
  };

  adjustStock: SkuRepository['adjustStock'] = async (skuId, plan, reason) => {
    this.count('adjustStock');
    const row = this.rows.get(skuId);
    if (row === undefined || row.deleted) return undefined;
    const adjustment = plan(row);
    if (adjustment.delta !== 0) {
      row.available += adjustment.delta;
      this.ledger.push({ skuId, delta: adjustment.delta, reason });
    }
    return { sku: { ...row }, adjustment };
  };

  deleteByProduct: SkuRepository['deleteByProduct'] = async (productId) => {
    this.count('deleteByProduct');
    const rows = this.live().filter((r) => r.productId === productId);
    rows.forEach((r) => (r.deleted = true));
    return rows.map((r) => r.id);
  };

  deleteByIds: SkuRepository['deleteByIds'] = async (skuIds) => {
    this.count('deleteByIds');
    const rows = this.live().filter((r) => skuIds.includes(r.id));
    rows.forEach((r) => (r.deleted = true));
    return rows.length;
  };

  stockHistory: SkuRepository['stockHistory'] = async (skuId, { skip, limit }) => {
    this.count('stockHistory');
    if (!this.rows.has(skuId)) return undefined;
    const entries = this.ledger
      .map((l, i) => ({ ...l, id: i + 1 }))
      .filter((l) => l.skuId === skuId)
      .reverse()
      .map((l) => ({ id: l.id, kind: 'ADJUSTMENT' as const, delta: l.delta, reason: l.reason, createdAt: new Date(0) }));
    return { items: entries.slice(skip, skip + limit), total: entries.length };
  };
}

/** SkuViewFeed that records every mark, in order. */
export class FakeSkuViewFeed implements SkuViewFeed {
  readonly marked: string[][] = [];
  skuViewsChanged(skuIds: readonly string[]): void {
    this.marked.push([...skuIds]);
  }
  /** Every SKU id marked so far, each once. */
  get ids(): Set<string> {
    return new Set(this.marked.flat());
  }
}

/** In-memory CatalogRepository; `failNextInsert` and `concurrentEdits` script failures. */
export class FakeCatalogRepository implements CatalogRepository {
  readonly docs = new Map<string, Product>();
  readonly calls: Record<string, number> = {};
  failNextInsert: Error | undefined;
  /** Bump the stored version this many times before an update, as if another admin saved in between. */
  concurrentEdits = 0;
  private nextId = 1;

  private count(method: string) {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  newProductId = () => (this.nextId++).toString(16).padStart(24, '0');

  insert: CatalogRepository['insert'] = async (product) => {
    this.count('insert');
    this.docs.set(product.id, structuredClone(product));
    const failure = this.failNextInsert;
    this.failNextInsert = undefined;
    // Written, then reported failed: the worst case a timeout can produce.
    if (failure !== undefined) throw failure;
  };

  findById: CatalogRepository['findById'] = async (id) => {
    this.count('findById');
    const doc = this.docs.get(id);
    return doc === undefined ? undefined : structuredClone(doc);
  };

  findSummariesByIds: CatalogRepository['findSummariesByIds'] = async (productIds) => {
    this.count('findSummariesByIds');
    return [...this.docs.values()].filter((d) => productIds.includes(d.id));
  };

  search: CatalogRepository['search'] = async ({ category, pattern, skip, limit }) => {
    this.count('search');
    const regex = pattern === undefined ? undefined : new RegExp(pattern, 'i');
    const matching = [...this.docs.values()]
      .filter((d) => category === undefined || d.category === category)
      .filter((d) => regex === undefined || regex.test(`${d.title}\n${d.body}\n${d.category}`))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return { items: matching.slice(skip, skip + limit), total: matching.length };
  };

  update: CatalogRepository['update'] = async (product, expectedVersion) => {
    this.count('update');
    const stored = this.docs.get(product.id);
    if (stored !== undefined && this.concurrentEdits > 0) {
      this.concurrentEdits -= 1;
      stored.version += 1;
    }
    if (stored === undefined || stored.version !== expectedVersion) return false;
    this.docs.set(product.id, structuredClone(product));
    return true;
  };

  delete: CatalogRepository['delete'] = async (id) => {
    this.count('delete');
    return this.docs.delete(id);
  };
}

/** A clock that starts at a fixed instant and moves one second per reading. */
export const steppingClock = (start = Date.parse('2024-11-21T10:00:00Z')): Clock => {
  let t = start;
  return { now: () => new Date((t += 1000)) };
};
