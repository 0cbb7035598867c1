import { describe, expect, it } from 'vitest';
import { planStockReturn, reservationStatus } from './stock-return.js';

const lines = [{ skuId: '00000000-0000-4000-8000-00000000000a', quantity: 2 }];

describe('stock return plan', () => {
  it('derives the reservation status from the barrier phases', () => {
    expect(reservationStatus({ tried: false, confirmed: false, cancelled: false })).toBe('absent');
    expect(reservationStatus({ tried: true, confirmed: false, cancelled: false })).toBe('reserved');
    expect(reservationStatus({ tried: true, confirmed: true, cancelled: false })).toBe('confirmed');
    // A cancel before any try writes the try row too (anti-suspension): still cancelled.
    expect(reservationStatus({ tried: true, confirmed: false, cancelled: true })).toBe('cancelled');
  });

  it('returns the lines of a confirmed reservation', () => {
    expect(planStockReturn({ status: 'confirmed', lines }, 'x')).toEqual({ action: 'return', lines });
  });

  it('refuses, for a later retry, while the confirm has not run', () => {
    expect(() => planStockReturn({ status: 'reserved', lines }, 'x')).toThrow(
      expect.objectContaining({ kind: 'FAILED_PRECONDITION', reason: 'NOT_YET_CONFIRMED' }),
    );
  });

  it('skips a cancelled or absent reservation: nothing was sold', () => {
    expect(planStockReturn({ status: 'cancelled', lines }, 'x')).toEqual({ action: 'skip', reason: 'RESERVATION_CANCELLED' });
    expect(planStockReturn({ status: 'absent', lines: [] }, 'x')).toEqual({ action: 'skip', reason: 'RESERVATION_ABSENT' });
  });
});
