import { AppError } from '@micro-ecommerce/pkg/errors';
import { describe, expect, it } from 'vitest';
import { ADD_RULE_CASES, RULE_LIMITS } from '../../test/add-rule-cases.js';
import { addViolation, assertQuantity, setViolation } from './cart-limits.js';

describe('addViolation', () => {
  it.each(ADD_RULE_CASES)('judges $name: $expected', ({ current, otherLines, delta, available, expected }) => {
    const lineCount = otherLines + (current > 0 ? 1 : 0);
    expect(addViolation({ current, lineCount, delta, available, limits: RULE_LIMITS })).toBe(expected);
  });
});

describe('setViolation', () => {
  it('refuses a line that is not in the cart before looking at the stock', () => {
    expect(setViolation(false, 50, 1)).toBe('NOT_IN_CART');
  });

  it('refuses more than the stock and allows exactly the stock', () => {
    expect(setViolation(true, 4, 3)).toBe('OUT_OF_STOCK');
    expect(setViolation(true, 3, 3)).toBeNull();
  });
});

describe('assertQuantity', () => {
  const problemOf = (quantity: number): unknown => {
    try {
      assertQuantity(quantity, RULE_LIMITS);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { kind: (error as AppError).kind, fields: (error as AppError).details?.fields };
    }
  };

  it('accepts 1 up to the per-line limit', () => {
    expect(problemOf(1)).toBeNull();
    expect(problemOf(RULE_LIMITS.maxQuantityPerLine)).toBeNull();
  });

  it.each([0, -1, 1.5, Number.NaN, RULE_LIMITS.maxQuantityPerLine + 1])('refuses %s naming the quantity field', (quantity) => {
    expect(problemOf(quantity)).toEqual({ kind: 'INVALID_ARGUMENT', fields: [expect.objectContaining({ field: 'quantity' })] });
  });
});
