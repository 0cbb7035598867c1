import { debitNotYetConfirmed } from '../domain/payment-errors.js';
import { planRefund } from '../domain/refund.js';
import { refundIssued } from '../domain/refund-event.js';
import type { PaymentEvents, WalletEventLedger } from './ports.js';

/** A paid order's cancellation, as OrderCancelled carries it; `eventId` is its envelope id. */
export interface RefundOrderCommand {
  eventId: string;
  orderId: string;
  /** The checkout's global transaction id: its debit is the money to give back. */
  xid: string;
}

/** NOTHING_TO_REFUND: the checkout has no confirmed debit (none, or cancelled), so no money was taken. */
export type RefundOrderResult = 'REFUNDED' | 'DUPLICATE' | 'NOTHING_TO_REFUND';

export type RefundOrder = (command: RefundOrderCommand) => Promise<RefundOrderResult>;

/**
 * Refunds a cancelled paid order: its checkout's debit goes from debited back to balance, recorded as the order's
 * REFUND and published with RefundIssued as one transactional message (the order becomes REFUNDED from it). A
 * debit still frozen (the TCC confirm runs after the checkout's answer) throws NOT_YET_CONFIRMED so the broker
 * redelivers the event later. A redelivery after the refund changes nothing; it may publish RefundIssued again
 * under the same id, which its consumers dedupe.
 */
export const makeRefundOrder =
  (deps: { ledger: WalletEventLedger; events: PaymentEvents }): RefundOrder =>
  async ({ eventId, orderId, xid }) => {
    const debit = await deps.ledger.findDebit(xid);
    const plan = planRefund(debit);
    if (plan === 'WAIT') throw debitNotYetConfirmed(xid);
    // Read before the half message: a RefundIssued goes out only for a debit that can be refunded, since a
    // confirmed debit stays confirmed (its amount and wallet never change).
    if (debit === null || plan === 'NOTHING') return (await deps.ledger.acknowledgeOnce(eventId)) ? 'NOTHING_TO_REFUND' : 'DUPLICATE';
    const event = refundIssued({ order_id: orderId, customer_id: debit.customerId, amount_cents: debit.amountCents, xid }, new Date());
    const { outcome } = await deps.events.publishWith(event, () => deps.ledger.refundOnce(eventId, { orderId, xid }));
    return outcome;
  };
