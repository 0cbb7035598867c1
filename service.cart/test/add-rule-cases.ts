import type { AddViolation, CartLimits } from '../src/domain/cart-limits.js';

/** One case of the add rule: a cart's state, an add, and the expected verdict. */
export interface AddRuleCase {
  name: string;
  current: number;
  /** Other lines already in the cart, besides the one added to. */
  otherLines: number;
  delta: number;
  available: number;
  expected: AddViolation | null;
}

export const RULE_LIMITS: CartLimits = { maxLines: 3, maxQuantityPerLine: 5 };

// Shared by the domain's unit test and the Redis store's integration test, which holds the Lua script equal to
// the domain rule.
export const ADD_RULE_CASES: AddRuleCase[] = [
  { name: 'a new line within every limit', current: 0, otherLines: 0, delta: 2, available: 10, expected: null },
  { name: 'an increase up to the per-line limit', current: 3, otherLines: 0, delta: 2, available: 10, expected: null },
  { name: 'an increase past the per-line limit', current: 3, otherLines: 0, delta: 3, available: 10, expected: 'QUANTITY_LIMIT_EXCEEDED' },
  { name: 'a new line in a full cart', current: 0, otherLines: 3, delta: 1, available: 10, expected: 'CART_FULL' },
  { name: 'an existing line in a full cart', current: 1, otherLines: 2, delta: 1, available: 10, expected: null },
  { name: 'a line up to exactly the stock', current: 1, otherLines: 0, delta: 2, available: 3, expected: null },
  { name: 'a line past the stock', current: 2, otherLines: 0, delta: 2, available: 3, expected: 'OUT_OF_STOCK' },
  { name: 'any add when the stock is gone', current: 0, otherLines: 0, delta: 1, available: 0, expected: 'OUT_OF_STOCK' },
];
