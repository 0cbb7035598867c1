import { getMeter, outsideTrace } from '@micro-ecommerce/pkg/telemetry';
import type { CatalogRepository } from '../../../app/ports.js';
import type { ProductSummary } from '../../../domain/sku-properties.js';

export interface SummaryCacheOptions {
  /**
   * How long a summary is served without asking the catalog again. For one more `ttlMs` an expired summary is
   * still served while it is read again in the background, so staleness across replicas is bounded by 2 × ttlMs.
   */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  summary: ProductSummary | undefined;
  expiresAt: number;
}

/**
 * Caches the catalog summaries (title, variant names, image) that every cart read and checkout needs, keyed by
 * product id. Prices and stock never come from here: they are read from PostgreSQL on every call, so a stale
 * entry can only show an old title for at most 2 × `ttlMs`, and a deleted SKU is still reported not found. Writes
 * through this replica drop the product's entry at once; other replicas see them within 2 × `ttlMs`.
 * Misses are single-flight: a product already being read is awaited, not read again, so an entry expiring under
 * load costs one query instead of one per concurrent caller. An entry less than one TTL past its expiry is answered
 * at once and read again behind the answer (stale-while-revalidate): on this hot path (every checkout's price
 * snapshot) a MongoDB read costs 5-15 ms, which a caller then waits for only after a product went unasked for a
 * whole TTL.
 * Each product looked up counts once in micro_ecommerce.product.summary_cache.lookups: result="hit" when its
 * summary came from memory, "stale" when an expired one did while it is re-read, "miss" when the caller waited for
 * the catalog (MongoDB).
 */
export const withSummaryCache = (catalog: CatalogRepository, options: SummaryCacheOptions): CatalogRepository => {
  const now = options.now ?? Date.now;
  const byId = new Map<string, Entry>();
  // Product id → the read in flight that will answer it (undefined when the catalog does not know the product).
  const inFlight = new Map<string, Promise<ProductSummary | undefined>>();
  const lookups = getMeter().createCounter('micro_ecommerce.product.summary_cache.lookups', {
    unit: '{product}',
    description:
      'Product catalog summaries (title, variant names) GetSkuProperties served from memory (hit), from memory past their TTL while re-read (stale), or after a read from MongoDB (miss).',
  });

  const remember = (id: string, summary: ProductSummary | undefined) => {
    byId.delete(id);
    byId.set(id, { summary, expiresAt: now() + options.ttlMs });
    // Map iteration order is insertion order: drop the oldest entries first.
    for (const key of byId.keys()) {
      if (byId.size <= options.maxEntries) break;
      byId.delete(key);
    }
  };

  const read = (ids: string[], behindTheAnswer: boolean) => {
    if (ids.length === 0) return;
    const query = () => catalog.findSummariesByIds(ids);
    const answer = (behindTheAnswer ? outsideTrace(query) : query()).then((summaries) => {
      const byProduct = new Map(summaries.map((summary) => [summary.id, summary]));
      for (const id of ids) remember(id, byProduct.get(id));
      return byProduct;
    });
    for (const id of ids) {
      const one = answer.then((byProduct) => byProduct.get(id));
      one.catch(() => {}); // awaited by the callers that asked
      inFlight.set(id, one);
    }
    // Settled either way, the next miss reads again (a failed read is not remembered).
    answer.finally(() => ids.forEach((id) => inFlight.delete(id))).catch(() => {});
  };

  return {
    ...catalog,
    findSummariesByIds: async (productIds) => {
      const at = now();
      const found: ProductSummary[] = [];
      const stale: string[] = [];
      const missing: string[] = [];
      for (const id of new Set(productIds)) {
        const entry = byId.get(id);
        if (entry === undefined || entry.expiresAt + options.ttlMs <= at) {
          missing.push(id);
          continue;
        }
        if (entry.expiresAt <= at) stale.push(id);
        if (entry.summary !== undefined) found.push(entry.summary);
      }
      lookups.add(productIds.length - missing.length - stale.length, { result: 'hit' });
      lookups.add(stale.length, { result: 'stale' });
      lookups.add(missing.length, { result: 'miss' });
      const notInFlight = (id: string) => !inFlight.has(id);
      read(missing.filter(notInFlight), false);
      read(stale.filter(notInFlight), true);
      for (const summary of await Promise.all(missing.map((id) => inFlight.get(id)!))) if (summary !== undefined) found.push(summary);
      return found;
    },
    update: async (product, expectedVersion) => {
      byId.delete(product.id);
      return catalog.update(product, expectedVersion);
    },
    delete: async (id) => {
      byId.delete(id);
      return catalog.delete(id);
    },
  };
};
