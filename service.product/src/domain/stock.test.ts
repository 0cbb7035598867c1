import { describe, expect, it } from 'vitest';
import { adjustmentReason, initialStock, MAX_STOCK, planAdjustment } from './stock.js';

const levels = { available: 5, reserved: 2, sold: 3 };

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { kind: string; reason: string; httpStatus?: number; details?: Record<string, unknown> };
  }
  throw new Error('expected a failure');
};

describe('planAdjustment', () => {
  it('adds and removes available units by delta', () => {
    expect(planAdjustment(levels, { kind: 'delta', delta: 4 })).toEqual({ delta: 4, available: 9 });
    expect(planAdjustment(levels, { kind: 'delta', delta: -5 })).toEqual({ delta: -5, available: 0 });
  });

  it('turns an absolute available count into the delta to record', () => {
    expect(planAdjustment(levels, { kind: 'set', available: 12 })).toEqual({ delta: 7, available: 12 });
    expect(planAdjustment(levels, { kind: 'set', available: 1 })).toEqual({ delta: -4, available: 1 });
    expect(planAdjustment(levels, { kind: 'set', available: 5 })).toEqual({ delta: 0, available: 5 });
  });

  it('refuses to go below zero with a 409 STOCK_BELOW_ZERO, without touching reserved or sold units', () => {
    const error = failure(() => planAdjustment(levels, { kind: 'delta', delta: -6 }));
    expect(error).toMatchObject({ kind: 'FAILED_PRECONDITION', reason: 'STOCK_BELOW_ZERO', httpStatus: 409 });
    expect(error.details).toEqual({ available: 5, delta: -6 });
  });

  it('refuses more than MAX_STOCK units', () => {
    expect(failure(() => planAdjustment(levels, { kind: 'delta', delta: MAX_STOCK })).reason).toBe('STOCK_TOO_LARGE');
    expect(planAdjustment(levels, { kind: 'delta', delta: MAX_STOCK - 5 }).available).toBe(MAX_STOCK);
  });

  it('refuses a fractional change', () => {
    expect(failure(() => planAdjustment(levels, { kind: 'delta', delta: 1.5 })).kind).toBe('INVALID_ARGUMENT');
  });
});

describe('initialStock and adjustmentReason', () => {
  it('accepts 0 to MAX_STOCK whole units', () => {
    expect(initialStock(0)).toBe(0);
    expect(initialStock(MAX_STOCK)).toBe(MAX_STOCK);
    expect(failure(() => initialStock(-1, 'variants.2.stock')).details).toEqual({
      fields: [{ field: 'variants.2.stock', message: expect.stringContaining('integer') }],
    });
    expect(failure(() => initialStock(0.5)).kind).toBe('INVALID_ARGUMENT');
  });

  it('trims the reason and requires one', () => {
    expect(adjustmentReason('  recount ')).toBe('recount');
    expect(failure(() => adjustmentReason('   ')).details).toMatchObject({ fields: [{ field: 'reason' }] });
  });
});
