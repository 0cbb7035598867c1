import {
  commissionCents,
  commissionEarned,
  commissionReversed,
  type CustomerEvent,
  type ReferralCommission,
} from '../domain/referral-commission.js';
import type { OrderEvent } from '../domain/order-event.js';
import type { OrderEventStore } from './ports.js';

/**
 * What an order event does to the referral commission of its order. `earn` and `reverse` publish their event in
 * the same local transaction.
 */
export type CommissionPlan =
  | { action: 'earn'; commission: ReferralCommission; event: CustomerEvent }
  | { action: 'reverse'; commission: ReferralCommission; event: CustomerEvent };

/**
 * Decides, from what is committed now, the commission effect of an order event; null when it has none. The
 * transactional message must be sent before the local transaction starts, so the decision is made first and
 * the transaction re-checks it (OrderEventEffects answer false when the row changed meanwhile).
 *
 * The commission is earned when the order ships: a SHIPPED order can no longer be cancelled (order-status.ts), so
 * the commission is never taken back and the referrer cannot spend money that a refund would later have to
 * recover. Earning on payment let one person, referrer and referred at once, spend the commission before the
 * cancellation and keep what the reversal could not take, once per cycle.
 */
export const planCommission = async (
  store: OrderEventStore,
  event: OrderEvent,
  percent: number,
  now: Date,
): Promise<CommissionPlan | null> => {
  const earns = event.type === 'OrderShipped' && event.totalCents !== null;
  const paidCancelled = event.type === 'OrderCancelled' && event.paid;
  if (!earns && !paidCancelled) return null;
  const referrerId = await store.referrerOf(event.customerId);
  if (referrerId === null) return null;
  const existing = await store.commissionOf(event.orderId);

  if (event.type === 'OrderShipped') {
    // Earned before: a second OrderShipped message, or earned on payment under the old rule.
    if (existing !== null || event.totalCents === null) return null;
    const amountCents = commissionCents(event.totalCents, percent);
    if (amountCents === 0) return null;
    const commission: ReferralCommission = { ...ids(event, referrerId), amountCents, state: 'EARNED' };
    return { action: 'earn', commission, event: commissionEarned(commission, now) };
  }
  // Only a commission earned on payment, before the rule changed, can meet a cancellation: the order was not
  // shipped yet. It is taken back in full (payment lets the balance go below zero rather than write it off).
  if (existing?.state === 'EARNED') return { action: 'reverse', commission: existing, event: commissionReversed(existing, now) };
  return null;
};

const ids = (event: OrderEvent, referrerId: string) => ({ orderId: event.orderId, referrerId, referredCustomerId: event.customerId });
