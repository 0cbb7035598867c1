import { describe, expect, it } from 'vitest';
import { checkReservation, reserveLines, transactionId } from './reservation.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('reservation rules', () => {
  it('sums a SKU listed twice and sorts lines by id, so every checkout locks in the same order', () => {
    expect(
      reserveLines([
        { skuId: B, quantity: 1 },
        { skuId: A.toUpperCase(), quantity: 2 },
        { skuId: A, quantity: 3 },
      ]),
    ).toEqual([
      { skuId: A, quantity: 5 },
      { skuId: B, quantity: 1 },
    ]);
  });

  it.each([0, -1, 1.5, 1_000_000_001])('refuses quantity %s naming the item', (quantity) => {
    expect(() => reserveLines([{ skuId: A, quantity }])).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    try {
      reserveLines([
        { skuId: A, quantity: 1 },
        { skuId: B, quantity },
      ]);
    } catch (error: any) {
      expect(error.details.fields[0].field).toBe('items.1.quantity');
    }
  });

  it('refuses an empty or oversized item list and a blank or long xid', () => {
    expect(() => reserveLines([])).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() => reserveLines(Array.from({ length: 201 }, () => ({ skuId: A, quantity: 1 })))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
    expect(() => transactionId(' ')).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() => transactionId('x'.repeat(129))).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(transactionId('xid-1')).toBe('xid-1');
  });

  it('answers SKU_NOT_FOUND for a malformed id and for a SKU without a live row', () => {
    expect(() => reserveLines([{ skuId: 'nope', quantity: 1 }])).toThrow(expect.objectContaining({ reason: 'SKU_NOT_FOUND' }));
    expect(() => checkReservation([{ skuId: A, quantity: 1 }], new Map())).toThrow(
      expect.objectContaining({ kind: 'NOT_FOUND', reason: 'SKU_NOT_FOUND', details: { sku_id: A } }),
    );
  });

  it('answers 409 OUT_OF_STOCK naming the SKU, the units asked for and those left', () => {
    const levels = new Map([
      [A, { available: 5, reserved: 0, sold: 0 }],
      [B, { available: 1, reserved: 3, sold: 0 }],
    ]);
    expect(() => checkReservation([{ skuId: A, quantity: 5 }], levels)).not.toThrow();
    expect(() =>
      checkReservation(
        [
          { skuId: A, quantity: 5 },
          { skuId: B, quantity: 2 },
        ],
        levels,
      ),
    ).toThrow(
      expect.objectContaining({
        kind: 'FAILED_PRECONDITION',
        reason: 'OUT_OF_STOCK',
        httpStatus: 409,
        details: { sku_id: B, requested: 2, available: 1 },
      }),
    );
  });
});
