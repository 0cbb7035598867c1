/**
 * TOPUP: money in through the payment provider. DEBIT: money out for a checkout (a TCC branch). REFUND: a
 * cancelled order's debit given back. COMMISSION: a referrer's share of a referred customer's paid order.
 * COMMISSION_REVERSAL: that share taken back because the order was refunded.
 */
export type PaymentKind = 'TOPUP' | 'DEBIT' | 'REFUND' | 'COMMISSION' | 'COMMISSION_REVERSAL';

/**
 * PENDING: a top-up awaiting the provider, or a debit whose amount is frozen. SUCCEEDED: credited (top-up) or
 * debited (debit); refunds, commissions and reversals are SUCCEEDED from the start. FAILED: the provider refused
 * the top-up. CANCELLED: the debit's frozen amount went back.
 */
export type PaymentStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** One money movement of a wallet, as the history shows it. No card data: only the provider's reference. */
export interface Payment {
  id: string;
  customerId: string;
  kind: PaymentKind;
  amountCents: number;
  status: PaymentStatus;
  /**
   * The provider's charge reference of a succeeded top-up; the xid of a debit and of the refund that gives it
   * back; the order id of a commission or its reversal.
   */
  reference: string | null;
  /** The order a REFUND, COMMISSION or COMMISSION_REVERSAL belongs to (its correlation key); null otherwise. */
  orderId: string | null;
  /** The part of a COMMISSION_REVERSAL the balance could not cover (never taken); 0 for every other kind. */
  shortfallCents: number;
  /** Why a FAILED payment failed, e.g. CARD_DECLINED. */
  failureReason: string | null;
  createdAt: Date;
}
