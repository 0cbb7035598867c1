import { describe, expect, it } from 'vitest';
import { FakePaymentEvents } from '../../test/fakes/fake-payment-events.js';
import type { Payment, PaymentStatus } from '../domain/payment.js';
import type { RefundOutcome, WalletEventLedger } from './ports.js';
import { makeRefundOrder } from './refund-order.js';

const debit = (status: PaymentStatus): Payment => ({
  id: 'p1',
  customerId: 'c1',
  kind: 'DEBIT',
  amountCents: 900,
  status,
  reference: 'x1',
  orderId: null,
  shortfallCents: 0,
  failureReason: null,
  createdAt: new Date(),
});

// Only what refund-order uses; the Postgres ledger itself is covered by test/payment-consumers.int.test.ts.
const ledgerWith = (found: Payment | null) => {
  const calls: string[] = [];
  const ledger = {
    findDebit: async () => found,
    acknowledgeOnce: async (eventId: string) => (calls.push(`ack ${eventId}`), true),
    refundOnce: async (eventId: string): Promise<RefundOutcome> => (
      calls.push(`refund ${eventId}`),
      { outcome: 'REFUNDED', refund: debit('SUCCEEDED') }
    ),
  } as unknown as WalletEventLedger;
  return { ledger, calls };
};
const command = { eventId: 'OrderCancelled:o1', orderId: 'o1', xid: 'x1' };

describe('refundOrder', () => {
  it('refunds a confirmed debit, publishing RefundIssued with the debit customer and amount', async () => {
    const { ledger, calls } = ledgerWith(debit('SUCCEEDED'));
    const events = new FakePaymentEvents();
    expect(await makeRefundOrder({ ledger, events })(command)).toBe('REFUNDED');
    expect(calls).toEqual(['refund OrderCancelled:o1']);
    expect(events.published.map((e) => [e.id, e.data])).toEqual([
      ['RefundIssued:o1', { order_id: 'o1', customer_id: 'c1', amount_cents: 900, xid: 'x1' }],
    ]);
  });

  it('throws a retryable NOT_YET_CONFIRMED while the debit is frozen, touching nothing', async () => {
    const { ledger, calls } = ledgerWith(debit('PENDING'));
    const events = new FakePaymentEvents();
    await expect(makeRefundOrder({ ledger, events })(command)).rejects.toMatchObject({ kind: 'UNAVAILABLE', reason: 'NOT_YET_CONFIRMED' });
    expect([calls, events.published]).toEqual([[], []]);
  });

  it.each([null, debit('CANCELLED')])('acknowledges without refunding or publishing when the debit is %o', async (found) => {
    const { ledger, calls } = ledgerWith(found);
    const events = new FakePaymentEvents();
    expect(await makeRefundOrder({ ledger, events })(command)).toBe('NOTHING_TO_REFUND');
    expect([calls, events.published]).toEqual([['ack OrderCancelled:o1'], []]);
  });
});
