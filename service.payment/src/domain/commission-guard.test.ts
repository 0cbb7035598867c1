import { describe, expect, it } from 'vitest';
import { checkCommission, type ClaimedCommission, type ShippedOrder } from './commission-guard.js';

const shipped: ShippedOrder = { orderId: 'o-1', customerId: 'buyer', totalCents: 2_000 };
const claim: ClaimedCommission = { orderId: 'o-1', referrerId: 'referrer', referredCustomerId: 'buyer', amountCents: 100 };

describe('checkCommission', () => {
  it('accepts a commission of a shipped order, from its buyer, within its total', () => {
    expect(() => checkCommission(shipped, claim)).not.toThrow();
    expect(() => checkCommission(shipped, { ...claim, amountCents: 2_000 })).not.toThrow();
  });

  it('refuses, to be retried, a commission whose order has not shipped', () => {
    expect(() => checkCommission(null, claim)).toThrow(
      expect.objectContaining({ kind: 'FAILED_PRECONDITION', reason: 'ORDER_NOT_SHIPPED' }),
    );
  });

  it.each([
    ['another buyer', { referredCustomerId: 'someone-else' }],
    ['the buyer as referrer', { referrerId: 'buyer' }],
    ['more than the total', { amountCents: 2_001 }],
  ])('refuses for good a commission naming %s', (_, change) => {
    expect(() => checkCommission(shipped, { ...claim, ...change })).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT', reason: 'COMMISSION_REFUSED' }),
    );
  });
});
