import { AppError } from '@micro-ecommerce/pkg/errors';
import { isSkuId } from './sku.js';

/** Most SKU ids one batched read may ask for (the ProductService contract says 200). */
export const MAX_SKU_BATCH = 200;

/** The ids of a batched read: each once, in request order, and the subset worth looking up. */
export interface SkuBatch {
  ids: string[];
  lookup: string[];
}

/** Checks a batch's size and removes duplicates; malformed ids are kept (reported not found) but not looked up. */
export const skuBatch = (requested: readonly string[]): SkuBatch => {
  if (requested.length > MAX_SKU_BATCH)
    throw new AppError('INVALID_ARGUMENT', `at most ${MAX_SKU_BATCH} SKU ids per request, got ${requested.length}`, {
      reason: 'BATCH_TOO_LARGE',
      details: { field: 'sku_ids', max: MAX_SKU_BATCH, count: requested.length },
    });
  const ids = [...new Set(requested)];
  return { ids, lookup: ids.filter(isSkuId) };
};

/** Answers a batch in request order: the found entries, and the ids with none. */
export const batchAnswer = <T>(batch: SkuBatch, found: ReadonlyMap<string, T>): { items: T[]; notFound: string[] } => {
  const items: T[] = [];
  const notFound: string[] = [];
  for (const id of batch.ids) {
    const item = found.get(id);
    if (item === undefined) notFound.push(id);
    else items.push(item);
  }
  return { items, notFound };
};
