import { invalidField } from './invalid-field.js';

// Prices travel as JSON numbers, so they must stay exact in a double: at most 2^53 - 1 cents.
export const MAX_PRICE_CENTS = Number.MAX_SAFE_INTEGER;

/** Checks a unit price in cents (an integer, 0 allowed for free items) and returns it. */
export const priceCents = (value: number, field = 'price_cents'): number => {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_PRICE_CENTS)
    throw invalidField(field, 'must be a non-negative integer number of cents');
  return value;
};
