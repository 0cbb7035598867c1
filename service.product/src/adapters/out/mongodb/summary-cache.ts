import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { CatalogRepository } from '../../../app/ports.js';
import type { ProductSummary } from '../../../domain/sku-properties.js';

export interface SummaryCacheOptions {
  /** How long a summary is served without asking the catalog again; bounds staleness across replicas. */
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
 * entry can only show an old title for at most `ttlMs`, and a deleted SKU is still reported not found. Writes
 * through this replica drop the product's entry at once; other replicas see them after `ttlMs`.
 * Misses are single-flight: a product already being read is awaited, not read again, so an entry expiring under
 * load costs one query instead of one per concurrent caller.
 * Each product looked up counts once in micro_ecommerce.product.summary_cache.lookups: result="hit" when its
 * summary came from memory, "miss" when it was read from the catalog (MongoDB).
 */
export const withSummaryCache = (catalog: CatalogRepository, options: SummaryCacheOptions): CatalogRepository => {
  const now = options.now ?? Date.now;
  const byId = new Map<string, Entry>();
  // Product id → the read in flight that will answer it (undefined when the catalog does not know the product).
  const inFlight = new Map<string, Promise<ProductSummary | undefined>>();
  const lookups = getMeter().createCounter('micro_ecommerce.product.summary_cache.lookups', {
    unit: '{product}',
    description: 'Product catalog summaries (title, variant names) GetSkuProperties served from memory (hit) or read from MongoDB (miss).',
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

  const read = (ids: string[]) => {
    const answer = catalog.findSummariesByIds(ids).then((summaries) => {
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
      const missing: string[] = [];
      for (const id of new Set(productIds)) {
        const entry = byId.get(id);
        if (entry !== undefined && entry.expiresAt > at) {
          if (entry.summary !== undefined) found.push(entry.summary);
        } else missing.push(id);
      }
      lookups.add(productIds.length - missing.length, { result: 'hit' });
      lookups.add(missing.length, { result: 'miss' });
      const toRead = missing.filter((id) => !inFlight.has(id));
      if (toRead.length > 0) read(toRead);
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
