import { describe, expect, it } from 'vitest';
import { checkoutFailure } from './checkout-failure.js';
import { mergeItems, totalOf } from './order.js';

describe('mergeItems', () => {
  it('sums the quantities of lines naming the same SKU, keeping first-seen order', () => {
    expect(
      mergeItems([
        { skuId: 'b', quantity: 1 },
        { skuId: 'a', quantity: 2 },
        { skuId: 'b', quantity: 3 },
      ]),
    ).toEqual([
      { skuId: 'b', quantity: 4 },
      { skuId: 'a', quantity: 2 },
    ]);
  });

  it.each([0, -1, 1.5])('refuses quantity %s', (quantity) => {
    expect(() => mergeItems([{ skuId: 'a', quantity }])).toThrow(expect.objectContaining({ reason: 'INVALID_QUANTITY' }));
  });
});

describe('totalOf', () => {
  it('sums unit price × quantity in integer cents, beyond float precision', () => {
    const items = [
      { skuId: 'a', title: 'A', quantity: 3, unitPriceCents: 1999n },
      { skuId: 'b', title: 'B', quantity: 2, unitPriceCents: 9_007_199_254_740_993n },
    ];
    expect(totalOf(items)).toBe(5997n + 18_014_398_509_481_986n);
  });
});

describe('checkoutFailure', () => {
  it.each([
    ['OUT_OF_STOCK', 409],
    ['INSUFFICIENT_FUNDS', 402],
    ['TIMEOUT', 504],
  ])('answers %s with HTTP %i and the order id', (reason, status) => {
    const error = checkoutFailure(reason, 'order-1');
    expect(error).toMatchObject({ reason, httpStatus: status, details: { order_id: 'order-1' } });
  });

  it("keeps an unknown reason and the failing branch's kind", () => {
    const error = checkoutFailure('TRANSACTION_CANCELLED', null);
    expect(error).toMatchObject({ reason: 'TRANSACTION_CANCELLED', kind: 'ABORTED', details: undefined });
  });
});
