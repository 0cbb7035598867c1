import { PAYMENT_EVENT_SOURCE } from './wallet-event.js';

/** data of RefundIssued: a cancelled order's debit is back in the customer's balance. */
export interface RefundIssuedData {
  order_id: string;
  customer_id: string;
  amount_cents: number;
  /** The checkout's global transaction id, whose debit was refunded. */
  xid: string;
}

/** The envelope (DESIGN.md §7); the id `RefundIssued:<order_id>` lets consumers dedupe a re-publication. */
export interface RefundIssuedEvent {
  id: string;
  type: 'RefundIssued';
  occurred_at: string;
  source: string;
  data: RefundIssuedData;
}

export const refundIssued = (data: RefundIssuedData, occurredAt: Date): RefundIssuedEvent => ({
  id: `RefundIssued:${data.order_id}`,
  type: 'RefundIssued',
  occurred_at: occurredAt.toISOString(),
  source: PAYMENT_EVENT_SOURCE,
  data,
});

/**
 * How long after a RefundIssued half message its local transaction may still be running. Until then a missing
 * refund may yet commit, so the check-back answers UNKNOWN; after it, the refund did not happen here, and the
 * broker redelivers the OrderCancelled, whose new attempt publishes again.
 */
export const REFUND_CHECK_WINDOW_MS = 60_000;

/** How a RefundIssued half message resolves: COMMIT once the order's REFUND row exists, else UNKNOWN or ROLLBACK by age. */
export const decideRefundIssued = (refunded: boolean, occurredAt: string, now: Date): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  if (refunded) return 'COMMIT';
  const age = now.getTime() - Date.parse(occurredAt);
  // An unreadable occurred_at cannot prove the transaction is young: settle it.
  return Number.isFinite(age) && age < REFUND_CHECK_WINDOW_MS ? 'UNKNOWN' : 'ROLLBACK';
};
