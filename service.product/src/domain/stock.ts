import { AppError } from '@micro-ecommerce/pkg/errors';
import { invalidField } from './invalid-field.js';

// Stock counts cross the gRPC contract as int32; a billion units per SKU leaves room below 2^31.
export const MAX_STOCK = 1_000_000_000;
/** Longest reason an adjustment records. */
export const MAX_REASON_LENGTH = 200;
/** The reason recorded for the stock a variant is created with. */
export const INITIAL_STOCK_REASON = 'initial stock';

/** Where the units of one SKU are: sellable, held by a checkout in progress, or sold. */
export interface StockLevels {
  available: number;
  reserved: number;
  sold: number;
}

/** An admin's stock change: set the available units, or add (remove, when negative) some. */
export type StockChange = { kind: 'set'; available: number } | { kind: 'delta'; delta: number };

/** What a change does to one SKU: the adjustment to record and the resulting available units. */
export interface PlannedAdjustment {
  delta: number;
  available: number;
}

/** Checks the stock a new variant starts with and returns it. */
export const initialStock = (value: number, field = 'stock'): number => {
  if (!Number.isInteger(value) || value < 0 || value > MAX_STOCK) throw invalidField(field, `must be an integer from 0 to ${MAX_STOCK}`);
  return value;
};

/** Checks and trims the reason every adjustment records. */
export const adjustmentReason = (reason: string): string => {
  const trimmed = reason.trim();
  if (trimmed === '' || trimmed.length > MAX_REASON_LENGTH) throw invalidField('reason', `must be 1 to ${MAX_REASON_LENGTH} characters`);
  return trimmed;
};

/**
 * Plans an admin change of one SKU's available units. Reserved and sold units belong to checkouts and are
 * never touched here, so available + reserved + sold keeps equal to the sum of recorded adjustments. Going
 * below zero is refused (409 STOCK_BELOW_ZERO) rather than clamped: the admin must see that the count was wrong.
 */
export const planAdjustment = (current: StockLevels, change: StockChange): PlannedAdjustment => {
  const delta = change.kind === 'set' ? change.available - current.available : change.delta;
  if (!Number.isInteger(delta)) throw invalidField(change.kind === 'set' ? 'available' : 'delta', 'must be an integer');
  const available = current.available + delta;
  if (available < 0)
    throw new AppError('FAILED_PRECONDITION', `stock cannot go below zero: ${current.available} available, change of ${delta}`, {
      reason: 'STOCK_BELOW_ZERO',
      details: { available: current.available, delta },
      httpStatus: 409,
    });
  if (available > MAX_STOCK)
    throw new AppError('OUT_OF_RANGE', `stock cannot exceed ${MAX_STOCK} units`, {
      reason: 'STOCK_TOO_LARGE',
      details: { available: current.available, delta, max: MAX_STOCK },
    });
  return { delta, available };
};
