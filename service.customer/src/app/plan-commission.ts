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
 * the same local transaction; `tombstone` publishes nothing.
 */
export type CommissionPlan =
  | { action: 'earn'; commission: ReferralCommission; event: CustomerEvent }
  | { action: 'reverse'; commission: ReferralCommission; event: CustomerEvent }
  | { action: 'tombstone'; commission: Omit<ReferralCommission, 'amountCents' | 'state'> };

/**
 * Decides, from what is committed now, the commission effect of an order event; null when it has none. The
 * transactional message must be sent before the local transaction starts, so the decision is made first and
 * the transaction re-checks it (OrderEventEffects answer false when the row changed meanwhile).
 */
export const planCommission = async (
  store: OrderEventStore,
  event: OrderEvent,
  percent: number,
  now: Date,
): Promise<CommissionPlan | null> => {
  const paidCancelled = event.type === 'OrderCancelled' && event.paid;
  if (event.type !== 'OrderPaid' && !paidCancelled) return null;
  const referrerId = await store.referrerOf(event.customerId);
  if (referrerId === null) return null;
  const existing = await store.commissionOf(event.orderId);
  const ids = { orderId: event.orderId, referrerId, referredCustomerId: event.customerId };

  if (event.type === 'OrderPaid') {
    // Earned before (a second OrderPaid message) or cancelled before it was earned (a tombstone): nothing to do.
    if (existing !== null) return null;
    const amountCents = commissionCents(event.totalCents, percent);
    if (amountCents === 0) return null;
    const commission: ReferralCommission = { ...ids, amountCents, state: 'EARNED' };
    return { action: 'earn', commission, event: commissionEarned(commission, now) };
  }
  // A paid order cancelled: reverse what was earned; if the OrderPaid has not been processed yet, leave a
  // tombstone so that it earns nothing.
  if (existing === null) return { action: 'tombstone', commission: ids };
  if (existing.state === 'EARNED') return { action: 'reverse', commission: existing, event: commissionReversed(existing, now) };
  return null;
};
