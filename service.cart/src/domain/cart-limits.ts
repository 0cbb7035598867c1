import { invalidQuantity } from './cart-errors.js';

/** How big a cart may grow; from the service configuration. */
export interface CartLimits {
  /** Distinct SKUs per cart. */
  maxLines: number;
  /** Units of one SKU per cart. */
  maxQuantityPerLine: number;
}

/** Why an add is refused. */
export type AddViolation = 'QUANTITY_LIMIT_EXCEEDED' | 'CART_FULL' | 'OUT_OF_STOCK';

/** Why setting a line's quantity is refused. */
export type SetViolation = 'NOT_IN_CART' | 'OUT_OF_STOCK';

export interface AddAttempt {
  /** Units of the SKU already in the cart (0 when the line is new). */
  current: number;
  /** Distinct SKUs already in the cart. */
  lineCount: number;
  /** Units to add. */
  delta: number;
  /** Units product can still sell. */
  available: number;
  limits: CartLimits;
}

/**
 * The rule of adding units to a line, or null when the add may happen. The Redis store runs the same rule in a
 * Lua script so that the read and the write are one atomic step; redis-cart-store.int.test.ts holds them equal.
 */
export const addViolation = ({ current, lineCount, delta, available, limits }: AddAttempt): AddViolation | null => {
  const wanted = current + delta;
  if (wanted > limits.maxQuantityPerLine) return 'QUANTITY_LIMIT_EXCEEDED';
  if (current === 0 && lineCount >= limits.maxLines) return 'CART_FULL';
  if (wanted > available) return 'OUT_OF_STOCK';
  return null;
};

/** The rule of setting a line's quantity (already a valid quantity), or null when the write may happen. */
export const setViolation = (inCart: boolean, quantity: number, available: number): SetViolation | null => {
  if (!inCart) return 'NOT_IN_CART';
  if (quantity > available) return 'OUT_OF_STOCK';
  return null;
};

/** Ensures a requested quantity is a positive integer within the per-line limit (INVALID_ARGUMENT naming `quantity`). */
export const assertQuantity = (quantity: number, limits: CartLimits): void => {
  if (!Number.isSafeInteger(quantity)) throw invalidQuantity('must be an integer');
  if (quantity <= 0) throw invalidQuantity('must be greater than 0');
  if (quantity > limits.maxQuantityPerLine) throw invalidQuantity(`must be at most ${limits.maxQuantityPerLine}`);
};
