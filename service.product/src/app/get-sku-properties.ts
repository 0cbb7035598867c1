import { batchAnswer, skuBatch } from '../domain/sku-batch.js';
import { skuPropertiesById, type SkuProperties } from '../domain/sku-properties.js';
import type { CatalogRepository, SkuRepository } from './ports.js';

/**
 * Batched catalog facts of SKUs, on the hot path of every cart read and checkout: one SKU query for the whole
 * batch (PostgreSQL: price, stock, and the product each SKU belongs to), then one catalog query by those product
 * ids (mostly answered by the summary cache). Deleted SKUs and rows no document lists are reported not found.
 */
export const makeGetSkuProperties =
  ({ catalog, skus, currency }: { catalog: CatalogRepository; skus: SkuRepository; currency: string }) =>
  async (skuIds: readonly string[]): Promise<{ items: SkuProperties[]; notFound: string[] }> => {
    const batch = skuBatch(skuIds);
    if (batch.lookup.length === 0) return batchAnswer(batch, new Map());
    const rows = await skus.findByIds(batch.lookup);
    const products = rows.length === 0 ? [] : await catalog.findSummariesByIds([...new Set(rows.map((row) => row.productId))]);
    return batchAnswer(batch, skuPropertiesById(rows, products, currency));
  };
