import type { PaymentStatus } from './payment.js';

/** The `source` of every envelope the payment service publishes. */
export const PAYMENT_EVENT_SOURCE = 'payment';

/** data of WalletCredited: a succeeded top-up, enough for a consumer to react without calling back. */
export interface WalletCreditedData {
  payment_id: string;
  customer_id: string;
  amount_cents: number;
}

/** A payment event envelope (DESIGN.md §7); the id `WalletCredited:<payment_id>` lets consumers dedupe. */
export interface WalletCreditedEvent {
  id: string;
  type: 'WalletCredited';
  occurred_at: string;
  source: string;
  data: WalletCreditedData;
}

export const walletCredited = (data: WalletCreditedData, occurredAt: Date): WalletCreditedEvent => ({
  id: `WalletCredited:${data.payment_id}`,
  type: 'WalletCredited',
  occurred_at: occurredAt.toISOString(),
  source: PAYMENT_EVENT_SOURCE,
  data,
});

/**
 * How a WalletCredited half message resolves given the top-up's status now: COMMIT once it SUCCEEDED (credited),
 * UNKNOWN while PENDING (the credit may still commit), ROLLBACK when it FAILED or no such top-up exists. A top-up
 * left PENDING by a crash is never credited here, so the broker keeps asking until its check limit and then
 * discards the half message: no WalletCredited without the money.
 */
export const decideWalletCredited = (type: string, status: PaymentStatus | null): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  if (type !== 'WalletCredited' || status === null) return 'ROLLBACK';
  if (status === 'SUCCEEDED') return 'COMMIT';
  return status === 'PENDING' ? 'UNKNOWN' : 'ROLLBACK';
};
