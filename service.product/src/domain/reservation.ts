import { AppError } from '@micro-ecommerce/pkg/errors';
import { invalidField } from './invalid-field.js';
import { MAX_SKU_BATCH } from './sku-batch.js';
import { isSkuId } from './sku.js';
import { MAX_STOCK, type StockLevels } from './stock.js';

/** Longest global transaction id accepted (the coordinator's are UUIDs; the margin is for other id schemes). */
export const MAX_XID_LENGTH = 128;

/** Units of one SKU that a checkout holds. */
export interface ReserveLine {
  skuId: string;
  quantity: number;
}

/** Checks a global transaction id and returns it. */
export const transactionId = (xid: string): string => {
  if (xid.trim() === '' || xid.length > MAX_XID_LENGTH) throw invalidField('xid', `must be 1 to ${MAX_XID_LENGTH} characters`);
  return xid;
};

/** The NOT_FOUND of a SKU that is unknown, deleted or malformed. */
export const skuNotFound = (skuId: string): AppError =>
  new AppError('NOT_FOUND', `SKU ${skuId} not found`, { reason: 'SKU_NOT_FOUND', details: { sku_id: skuId } });

/**
 * Checks the items of a reservation and returns one line per SKU, sorted by id. A SKU listed twice reserves the
 * sum, so a checkout with repeated lines still reserves what it will sell. Sorting gives every reservation the
 * same lock order, which keeps concurrent checkouts of overlapping SKUs from deadlocking.
 */
export const reserveLines = (items: readonly ReserveLine[]): ReserveLine[] => {
  if (items.length === 0 || items.length > MAX_SKU_BATCH) throw invalidField('items', `must list 1 to ${MAX_SKU_BATCH} items`);
  const totals = new Map<string, number>();
  items.forEach((item, i) => {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_STOCK)
      throw invalidField(`items.${i}.quantity`, `must be an integer from 1 to ${MAX_STOCK}`);
    if (!isSkuId(item.skuId)) throw skuNotFound(item.skuId);
    const skuId = item.skuId.toLowerCase();
    totals.set(skuId, (totals.get(skuId) ?? 0) + item.quantity);
  });
  const lines = [...totals].map(([skuId, quantity]) => ({ skuId, quantity }));
  const tooMany = lines.find((line) => line.quantity > MAX_STOCK);
  if (tooMany !== undefined) throw invalidField('items', `SKU ${tooMany.skuId} is asked for more than ${MAX_STOCK} units in total`);
  return lines.sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
};

/**
 * Checks that every line can be reserved from the locked SKU rows (`levels`, live rows only): an unknown SKU is
 * NOT_FOUND, a SKU with too few available units is 409 OUT_OF_STOCK naming it. The first failing line wins.
 */
export const checkReservation = (lines: readonly ReserveLine[], levels: ReadonlyMap<string, StockLevels>): void => {
  for (const line of lines) {
    const sku = levels.get(line.skuId);
    if (sku === undefined) throw skuNotFound(line.skuId);
    if (sku.available < line.quantity)
      throw new AppError('FAILED_PRECONDITION', `SKU ${line.skuId} has ${sku.available} units available, ${line.quantity} requested`, {
        reason: 'OUT_OF_STOCK',
        details: { sku_id: line.skuId, requested: line.quantity, available: sku.available },
        httpStatus: 409,
      });
  }
};
