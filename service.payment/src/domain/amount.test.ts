import { describe, expect, it } from 'vitest';
import { assertAmountCents } from './amount.js';

const reasonOf = (amount: number) => {
  try {
    assertAmountCents(amount, 1000);
    return null;
  } catch (error) {
    return (error as { kind: string; details: { fields: { field: string }[] } }).details.fields[0]!.field;
  }
};

describe('assertAmountCents', () => {
  it('accepts positive whole cents up to the maximum', () => {
    expect(reasonOf(1)).toBeNull();
    expect(reasonOf(1000)).toBeNull();
  });

  it('refuses zero, negatives, fractions and amounts above the maximum, naming amount_cents', () => {
    for (const bad of [0, -5, 10.5, 1001, Number.NaN]) expect(reasonOf(bad)).toBe('amount_cents');
  });
});
