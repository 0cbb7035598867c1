/**
 * A referrer's commission on one shipped order of a customer they referred. EARNED: published as CommissionEarned.
 * The other two only exist from when the commission was earned on payment (the old rule):
 * REVERSED: that paid order was cancelled afterwards, published as CommissionReversed; REVERSED_BEFORE_EARNED: a
 * tombstone, the cancellation arrived before the OrderPaid, which then earned nothing. A shipped order cannot be
 * cancelled, so a commission earned now is never reversed.
 */
export type CommissionState = 'EARNED' | 'REVERSED' | 'REVERSED_BEFORE_EARNED';

export interface ReferralCommission {
  orderId: string;
  referrerId: string;
  referredCustomerId: string;
  amountCents: number;
  state: CommissionState;
}

/** The commission on a paid total: floor(total × percent / 100) cents, so 1_999 cents at 5 % earn 99. */
export const commissionCents = (totalCents: number, percent: number): number => Math.floor((totalCents * percent) / 100);

/** The `source` of the envelopes the customer service publishes. */
export const CUSTOMER_EVENT_SOURCE = 'customer';

/** data of CommissionEarned (customer-events): the payment service credits referrer_id's wallet. */
export interface CommissionEarnedData {
  order_id: string;
  referrer_id: string;
  referred_customer_id: string;
  amount_cents: number;
}

/** data of CommissionReversed: the payment service takes amount_cents back from referrer_id's wallet. */
export interface CommissionReversedData {
  order_id: string;
  referrer_id: string;
  amount_cents: number;
}

export type CustomerEvent =
  | { id: string; type: 'CommissionEarned'; occurred_at: string; source: string; data: CommissionEarnedData }
  | { id: string; type: 'CommissionReversed'; occurred_at: string; source: string; data: CommissionReversedData };

/** CommissionEarned of an order: id `CommissionEarned:<order_id>`, so a re-publication is deduplicated downstream. */
export const commissionEarned = (commission: ReferralCommission, occurredAt: Date): CustomerEvent => ({
  id: `CommissionEarned:${commission.orderId}`,
  type: 'CommissionEarned',
  occurred_at: occurredAt.toISOString(),
  source: CUSTOMER_EVENT_SOURCE,
  data: {
    order_id: commission.orderId,
    referrer_id: commission.referrerId,
    referred_customer_id: commission.referredCustomerId,
    amount_cents: commission.amountCents,
  },
});

/** CommissionReversed of an order: id `CommissionReversed:<order_id>`. */
export const commissionReversed = (commission: ReferralCommission, occurredAt: Date): CustomerEvent => ({
  id: `CommissionReversed:${commission.orderId}`,
  type: 'CommissionReversed',
  occurred_at: occurredAt.toISOString(),
  source: CUSTOMER_EVENT_SOURCE,
  data: { order_id: commission.orderId, referrer_id: commission.referrerId, amount_cents: commission.amountCents },
});

/** How long a half message may wait for its local transaction before a check-back rolls it back. */
export const LOCAL_TRANSACTION_GRACE_MS = 60_000;

/**
 * How a half message of a commission event resolves, given the order's commission row now. COMMIT when the row
 * shows the event's effect committed; ROLLBACK when it shows the effect never will (a tombstone, an unknown
 * type); otherwise UNKNOWN while the event is younger than the grace (its local transaction may still be
 * running) and ROLLBACK after it: the consumed order event, whose processing rolled back with it, is redelivered
 * and publishes again.
 */
export const decideCommissionMessage = (
  type: string,
  state: CommissionState | null,
  occurredAt: string,
  now: Date,
): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  const young = now.getTime() - Date.parse(occurredAt) < LOCAL_TRANSACTION_GRACE_MS;
  if (type === 'CommissionEarned') {
    if (state === 'EARNED' || state === 'REVERSED') return 'COMMIT';
    if (state === 'REVERSED_BEFORE_EARNED') return 'ROLLBACK';
    return young ? 'UNKNOWN' : 'ROLLBACK';
  }
  if (type === 'CommissionReversed') {
    if (state === 'REVERSED') return 'COMMIT';
    if (state === 'EARNED') return young ? 'UNKNOWN' : 'ROLLBACK';
    // No row or a tombstone: a reversal is only ever published for an EARNED row.
    return 'ROLLBACK';
  }
  return 'ROLLBACK';
};
