import { describe, expect, it } from 'vitest';
import { planRefund } from './refund.js';

describe('planRefund', () => {
  it.each([
    ['SUCCEEDED', 'REFUND'],
    ['PENDING', 'WAIT'],
    ['CANCELLED', 'NOTHING'],
    ['FAILED', 'NOTHING'],
  ] as const)('a debit that is %s plans %s', (status, plan) => {
    expect(planRefund({ kind: 'DEBIT', status })).toBe(plan);
  });

  it('refunds nothing without a debit, or for a payment that is not one', () => {
    expect(planRefund(null)).toBe('NOTHING');
    expect(planRefund({ kind: 'TOPUP', status: 'SUCCEEDED' })).toBe('NOTHING');
  });
});
