import type { Payment } from './payment.js';

/**
 * What a cancelled paid order's refund can do with the checkout's debit now: REFUND a confirmed (debited) one;
 * WAIT while it is still frozen, because the TCC confirm runs in the background after the checkout answered and
 * will debit it shortly; NOTHING when there is no debit or it was cancelled, since then no money was taken.
 */
export type RefundPlan = 'REFUND' | 'WAIT' | 'NOTHING';

export const planRefund = (debit: Pick<Payment, 'kind' | 'status'> | null): RefundPlan => {
  if (debit === null || debit.kind !== 'DEBIT') return 'NOTHING';
  if (debit.status === 'SUCCEEDED') return 'REFUND';
  return debit.status === 'PENDING' ? 'WAIT' : 'NOTHING';
};
