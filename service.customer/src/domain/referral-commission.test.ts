import { describe, expect, it } from 'vitest';
import {
  commissionCents,
  commissionEarned,
  commissionReversed,
  decideCommissionMessage,
  type ReferralCommission,
} from './referral-commission.js';

const now = new Date('2026-01-01T12:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

describe('commissionCents', () => {
  it('is the floor of the percentage of the total', () => {
    expect(commissionCents(1_999, 5)).toBe(99);
    expect(commissionCents(10_000, 5)).toBe(500);
    expect(commissionCents(19, 5)).toBe(0);
    expect(commissionCents(10_000, 0)).toBe(0);
  });
});

describe('commission events', () => {
  const commission: ReferralCommission = {
    orderId: 'o-1',
    referrerId: 'r-1',
    referredCustomerId: 'c-1',
    amountCents: 250,
    state: 'EARNED',
  };

  it('have deterministic ids per order and the contract data', () => {
    expect(commissionEarned(commission, now)).toEqual({
      id: 'CommissionEarned:o-1',
      type: 'CommissionEarned',
      occurred_at: now.toISOString(),
      source: 'customer',
      data: { order_id: 'o-1', referrer_id: 'r-1', referred_customer_id: 'c-1', amount_cents: 250 },
    });
    expect(commissionReversed(commission, now)).toMatchObject({
      id: 'CommissionReversed:o-1',
      data: { order_id: 'o-1', referrer_id: 'r-1', amount_cents: 250 },
    });
  });
});

describe('decideCommissionMessage', () => {
  it('commits CommissionEarned once the row shows it earned, even if reversed since', () => {
    expect(decideCommissionMessage('CommissionEarned', 'EARNED', secondsAgo(300), now)).toBe('COMMIT');
    expect(decideCommissionMessage('CommissionEarned', 'REVERSED', secondsAgo(300), now)).toBe('COMMIT');
  });

  it('rolls back CommissionEarned over a tombstone', () => {
    expect(decideCommissionMessage('CommissionEarned', 'REVERSED_BEFORE_EARNED', secondsAgo(1), now)).toBe('ROLLBACK');
  });

  it('waits while the local transaction may still run, then rolls back', () => {
    expect(decideCommissionMessage('CommissionEarned', null, secondsAgo(5), now)).toBe('UNKNOWN');
    expect(decideCommissionMessage('CommissionEarned', null, secondsAgo(61), now)).toBe('ROLLBACK');
    expect(decideCommissionMessage('CommissionReversed', 'EARNED', secondsAgo(5), now)).toBe('UNKNOWN');
    expect(decideCommissionMessage('CommissionReversed', 'EARNED', secondsAgo(61), now)).toBe('ROLLBACK');
  });

  it('commits CommissionReversed only once the row is REVERSED', () => {
    expect(decideCommissionMessage('CommissionReversed', 'REVERSED', secondsAgo(300), now)).toBe('COMMIT');
    expect(decideCommissionMessage('CommissionReversed', 'REVERSED_BEFORE_EARNED', secondsAgo(1), now)).toBe('ROLLBACK');
    expect(decideCommissionMessage('CommissionReversed', null, secondsAgo(1), now)).toBe('ROLLBACK');
  });

  it('rolls back types it never publishes', () => {
    expect(decideCommissionMessage('Probe', 'EARNED', secondsAgo(1), now)).toBe('ROLLBACK');
  });
});
