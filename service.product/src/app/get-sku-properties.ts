import { batchAnswer, skuBatch } from '../domain/sku-batch.js';
import { skuPropertiesById, type SkuProperties } from '../domain/sku-properties.js';
import type { CatalogRepository, SkuRepository } from './ports.js';

/**
 * Batched catalog facts of SKUs, on the hot path of every cart read: exactly one SKU query and one catalog
 * query for the whole batch, run concurrently. Deleted SKUs and rows no document lists are reported not found.
 */
export const makeGetSkuProperties =
  ({ catalog, skus, currency }: { catalog: CatalogRepository; skus: SkuRepository; currency: string }) =>
  async (skuIds: readonly string[]): Promise<{ items: SkuProperties[]; notFound: string[] }> => {
    const batch = skuBatch(skuIds);
    if (batch.lookup.length === 0) return batchAnswer(batch, new Map());
    const [rows, products] = await Promise.all([skus.findByIds(batch.lookup), catalog.findSummariesBySkuIds(batch.lookup)]);
    return batchAnswer(batch, skuPropertiesById(rows, products, currency));
  };
