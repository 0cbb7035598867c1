/** TOPUP: money in through the payment provider. DEBIT: money out for a checkout (a TCC branch). */
export type PaymentKind = 'TOPUP' | 'DEBIT';

/**
 * PENDING: a top-up awaiting the provider, or a debit whose amount is frozen. SUCCEEDED: credited (top-up) or
 * debited (debit). FAILED: the provider refused the top-up. CANCELLED: the debit's frozen amount went back.
 */
export type PaymentStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** One money movement of a wallet, as the history shows it. No card data: only the provider's reference. */
export interface Payment {
  id: string;
  customerId: string;
  kind: PaymentKind;
  amountCents: number;
  status: PaymentStatus;
  /** The provider's charge reference of a succeeded top-up; the xid of a debit. */
  reference: string | null;
  /** Why a FAILED payment failed, e.g. CARD_DECLINED. */
  failureReason: string | null;
  createdAt: Date;
}
