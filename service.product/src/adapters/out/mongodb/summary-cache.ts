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
  summary: ProductSummary;
  expiresAt: number;
}

/**
 * Caches the catalog summaries (title, variant names, image) that every cart read needs, keyed by SKU id.
 * Prices and stock never come from here: they are read from PostgreSQL on every call, so a stale entry can
 * only show an old title for at most `ttlMs`, and a deleted SKU is still reported not found. Writes through
 * this replica drop the product's entries at once; other replicas see them after `ttlMs`.
 * Why: FerretDB scans every document for a `variants.sku_id` query (~10 ms), which dominated the cart GET.
 * Each SKU looked up counts once in micro_ecommerce.product.summary_cache.lookups: result="hit" when its summary
 * came from memory, "miss" when it was read from the catalog (MongoDB). Prices and stock are not counted here.
 */
export const withSummaryCache = (catalog: CatalogRepository, options: SummaryCacheOptions): CatalogRepository => {
  const now = options.now ?? Date.now;
  const bySku = new Map<string, Entry>();
  const lookups = getMeter().createCounter('micro_ecommerce.product.summary_cache.lookups', {
    unit: '{sku}',
    description: 'SKU catalog summaries (title, variant names) GetSkuProperties served from memory (hit) or read from MongoDB (miss).',
  });

  const forget = (productId: string) => {
    for (const [skuId, entry] of bySku) if (entry.summary.id === productId) bySku.delete(skuId);
  };
  const remember = (summary: ProductSummary, expiresAt: number) => {
    for (const variant of summary.variants) {
      bySku.delete(variant.skuId);
      bySku.set(variant.skuId, { summary, expiresAt });
    }
    // Map iteration order is insertion order: drop the oldest entries first.
    for (const skuId of bySku.keys()) {
      if (bySku.size <= options.maxEntries) break;
      bySku.delete(skuId);
    }
  };

  return {
    ...catalog,
    findSummariesBySkuIds: async (skuIds) => {
      const at = now();
      const found = new Map<string, ProductSummary>();
      const missing: string[] = [];
      for (const skuId of skuIds) {
        const entry = bySku.get(skuId);
        if (entry !== undefined && entry.expiresAt > at) found.set(entry.summary.id, entry.summary);
        else missing.push(skuId);
      }
      lookups.add(skuIds.length - missing.length, { result: 'hit' });
      lookups.add(missing.length, { result: 'miss' });
      if (missing.length > 0) {
        for (const summary of await catalog.findSummariesBySkuIds(missing)) {
          found.set(summary.id, summary);
          remember(summary, at + options.ttlMs);
        }
      }
      return [...found.values()];
    },
    update: async (product, expectedVersion) => {
      forget(product.id);
      return catalog.update(product, expectedVersion);
    },
    delete: async (id) => {
      forget(id);
      return catalog.delete(id);
    },
  };
};
