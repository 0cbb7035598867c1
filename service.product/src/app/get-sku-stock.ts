import { batchAnswer, skuBatch } from '../domain/sku-batch.js';
import type { SkuRepository } from './ports.js';

/** Sellable units of one SKU. */
export interface SkuStock {
  skuId: string;
  available: number;
}

/** Batched stock read (one query): known live SKUs in request order, the rest in notFound. */
export const makeGetSkuStock =
  ({ skus }: { skus: SkuRepository }) =>
  async (skuIds: readonly string[]): Promise<{ items: SkuStock[]; notFound: string[] }> => {
    const batch = skuBatch(skuIds);
    const rows = batch.lookup.length === 0 ? [] : await skus.findByIds(batch.lookup);
    return batchAnswer(batch, new Map(rows.map((row) => [row.id, { skuId: row.id, available: row.available }])));
  };
