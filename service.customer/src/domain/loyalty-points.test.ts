import { describe, expect, it } from 'vitest';
import { pointsForPayment } from './loyalty-points.js';

describe('pointsForPayment', () => {
  it('awards one point per full 100 cents, rounding down', () => {
    expect(pointsForPayment(0)).toBe(0);
    expect(pointsForPayment(99)).toBe(0);
    expect(pointsForPayment(100)).toBe(1);
    expect(pointsForPayment(1_999)).toBe(19);
  });

  it('rejects negative and fractional amounts', () => {
    expect(() => pointsForPayment(-100)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT', reason: 'INVALID_AMOUNT' }));
    expect(() => pointsForPayment(10.5)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
  });
});
