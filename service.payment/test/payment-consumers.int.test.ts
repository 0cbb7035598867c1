import { createEvent, type EventEnvelope, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionHandler } from '../src/adapters/in/mq/commission-handler.js';
import { orderCancelledHandler } from '../src/adapters/in/mq/order-cancelled-handler.js';
import { orderShippedHandler } from '../src/adapters/in/mq/order-shipped-handler.js';
import { PAYMENT_CONSUMER_GROUP } from '../src/adapters/in/mq/payment-consumer.js';
import { PgWalletEventLedger } from '../src/adapters/out/postgres/pg-wallet-event-ledger.js';
import { makeCreditCommission } from '../src/app/credit-commission.js';
import { makeRecordShippedOrder } from '../src/app/record-shipped-order.js';
import { makeRefundOrder } from '../src/app/refund-order.js';
import { makeReverseCommission } from '../src/app/reverse-commission.js';
import { startPaymentHarness, type PaymentHarness } from './payment-harness.js';

// The consumer's handlers wired as start-consumers.ts wires them, called directly (no broker in between) against
// the real payment database and the real producer: every effect, its processed-message row and its RefundIssued
// half message are real. Customers, orders and xids are unique to this run.

const logger = pino({ level: 'silent' });
// The buyer of every shipped order here; referrers are fresh customers (the test's wallets, removed afterwards).
const BUYER = crypto.randomUUID();
const referrers: string[] = [];
const delivery = { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 };
let h: PaymentHarness;

const handlersWith = (crashAt?: CrashHook) => {
  const ledger = new PgWalletEventLedger(h.pool, PAYMENT_CONSUMER_GROUP, crashAt);
  return {
    refund: orderCancelledHandler(makeRefundOrder({ ledger, events: h.events }), logger),
    shipped: orderShippedHandler(makeRecordShippedOrder({ ledger }), logger),
    commission: commissionHandler(
      { creditCommission: makeCreditCommission({ ledger }), reverseCommission: makeReverseCommission({ ledger }) },
      logger,
    ),
  };
};
let handlers: ReturnType<typeof handlersWith>;

const event = (type: string, orderId: string, data: Record<string, unknown>): EventEnvelope => ({
  ...createEvent(type, type.startsWith('Order') ? 'order' : 'customer', { order_id: orderId, ...data }),
  id: `${type}:${orderId}`,
});
const cancelled = (orderId: string, xid: string, paid = true) =>
  event('OrderCancelled', orderId, { customer_id: crypto.randomUUID(), reason: 'CUSTOMER', paid, cancelled_by: 'customer', xid });
const earned = (orderId: string, referrerId: string, amountCents: number, buyerId: string = BUYER) =>
  event('CommissionEarned', orderId, { referrer_id: referrerId, referred_customer_id: buyerId, amount_cents: amountCents });
const shipped = (orderId: string, totalCents: number, buyerId: string = BUYER) =>
  event('OrderShipped', orderId, { customer_id: buyerId, status: 'SHIPPED', actor_id: crypto.randomUUID(), total_cents: totalCents });
/** An order of BUYER this service saw ship, with a total of `totalCents`. */
const shippedOrder = async (totalCents = 10_000) => {
  const orderId = crypto.randomUUID();
  await expect(handlers.shipped(shipped(orderId, totalCents), delivery)).resolves.toBeUndefined();
  return orderId;
};
const reversed = (orderId: string, referrerId: string, amountCents: number) =>
  event('CommissionReversed', orderId, { referrer_id: referrerId, amount_cents: amountCents });

const paymentsOf = async (orderId: string) =>
  (
    await h.pool.query<{ kind: string; customer_id: string; amount_cents: bigint; shortfall_cents: bigint; reference: string }>(
      `SELECT kind, customer_id, amount_cents, shortfall_cents, reference FROM payments WHERE order_id = $1 ORDER BY created_at, kind`,
      [orderId],
    )
  ).rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents), shortfall_cents: Number(row.shortfall_cents) }));
const processed = async (eventId: string) =>
  (await h.pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [PAYMENT_CONSUMER_GROUP, eventId]))
    .rowCount === 1;

/** A customer with `fundedCents` topped up and a checkout debit of `debitCents`, confirmed unless told not to. */
const checkout = async (fundedCents: number, debitCents: number, confirm = true) => {
  const customer = await h.newCustomer();
  await h.fund(customer.authorization, fundedCents);
  const xid = `xid-${crypto.randomUUID()}`;
  await h.wallet.call('tryDebit', { xid, customerId: customer.id, amountCents: BigInt(debitCents) });
  if (confirm) await h.wallet.call('confirmDebit', { xid });
  return { customer, xid, orderId: crypto.randomUUID() };
};

beforeAll(async () => {
  h = await startPaymentHarness();
  handlers = handlersWith();
}, 60_000);
// The referrers' commissions are for orders only this test knows: left behind, `make check-invariants` would rightly
// see money no shipped order of the order database explains.
afterAll(async () => {
  if (h === undefined) return;
  await h.pool.query('DELETE FROM payments WHERE customer_id = ANY($1::uuid[])', [referrers]);
  await h.pool.query('DELETE FROM wallets WHERE customer_id = ANY($1::uuid[])', [referrers]);
  await h.stop();
});
const newReferrer = async () => {
  const referrer = await h.newCustomer();
  referrers.push(referrer.id);
  return referrer;
};

describe('OrderCancelled (paid) → refund', () => {
  it('moves the confirmed debit back to the balance once, recorded as the order REFUND shown in the history', async () => {
    const { customer, xid, orderId } = await checkout(1000, 300);
    const refund = cancelled(orderId, xid);
    await expect(handlers.refund(refund, delivery)).resolves.toBeUndefined();
    await expect(handlers.refund(refund, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');

    expect(await h.ledger(customer.id)).toEqual({ balance: 1000, frozen: 0, debited: 0, topups: 1000 });
    expect(await paymentsOf(orderId)).toEqual([
      { kind: 'REFUND', customer_id: customer.id, amount_cents: 300, shortfall_cents: 0, reference: xid },
    ]);
    const history = await h.api(customer.authorization, 'GET', '/api/v1/payment');
    expect(history.body.data[0]).toMatchObject({
      kind: 'REFUND',
      amount_cents: 300,
      status: 'SUCCEEDED',
      order_id: orderId,
      reference: xid,
    });
    expect(history.body.data.map((p: { kind: string }) => p.kind)).toEqual(['REFUND', 'DEBIT', 'TOPUP']);
  });

  it('refunds a checkout once and never more than its debit, whatever total or order id the cancellations name', async () => {
    const { customer, xid, orderId } = await checkout(1000, 300);
    const inflated = event('OrderCancelled', orderId, {
      customer_id: customer.id,
      reason: 'CUSTOMER',
      paid: true,
      cancelled_by: 'customer',
      xid,
      total_cents: 900,
    });
    await expect(handlers.refund(inflated, delivery)).resolves.toBeUndefined();
    // Another order id naming the same checkout: its debit is refunded already, so this is a duplicate.
    const otherOrder = crypto.randomUUID();
    await expect(handlers.refund(cancelled(otherOrder, xid), delivery)).resolves.toBe('duplicate');

    expect(await h.ledger(customer.id)).toEqual({ balance: 1000, frozen: 0, debited: 0, topups: 1000 });
    expect((await paymentsOf(orderId)).map((p) => [p.kind, p.amount_cents])).toEqual([['REFUND', 300]]);
    expect(await paymentsOf(otherOrder)).toEqual([]);
  });

  it('refuses (retryable) while the debit is still frozen, recording nothing, and refunds once it is confirmed', async () => {
    const { customer, xid, orderId } = await checkout(500, 200, false);
    const refund = cancelled(orderId, xid);
    await expect(handlers.refund(refund, delivery)).rejects.toMatchObject({ kind: 'UNAVAILABLE', reason: 'NOT_YET_CONFIRMED' });
    expect(await processed(refund.id)).toBe(false);
    expect(await h.ledger(customer.id)).toEqual({ balance: 300, frozen: 200, debited: 0, topups: 500 });

    await h.wallet.call('confirmDebit', { xid });
    await expect(handlers.refund(refund, { ...delivery, deliveryAttempt: 2 })).resolves.toBeUndefined();
    expect(await h.ledger(customer.id)).toEqual({ balance: 500, frozen: 0, debited: 0, topups: 500 });
    expect((await paymentsOf(orderId)).map((p) => p.kind)).toEqual(['REFUND']);
  });

  it('ignores an unpaid cancellation and acknowledges a cancelled or missing debit without refunding', async () => {
    const unpaid = await checkout(500, 200);
    const ignored = cancelled(unpaid.orderId, unpaid.xid, false);
    await expect(handlers.refund(ignored, delivery)).resolves.toBeUndefined();
    expect(await processed(ignored.id)).toBe(false);
    // From before `paid` existed: a refused checkout, whatever else it carries.
    const legacy = { ...createEvent('OrderCancelled', 'order', { order_id: 'o-legacy', customer_id: 'c', reason: 'TIMEOUT' }), id: 'x' };
    await expect(handlers.refund(legacy, delivery)).resolves.toBeUndefined();
    expect(await h.ledger(unpaid.customer.id)).toMatchObject({ balance: 300, debited: 200 });

    const voided = await checkout(500, 200, false);
    await h.wallet.call('cancelDebit', { xid: voided.xid });
    const refund = cancelled(voided.orderId, voided.xid);
    await expect(handlers.refund(refund, delivery)).resolves.toBeUndefined();
    await expect(handlers.refund(refund, delivery)).resolves.toBe('duplicate');
    const missing = cancelled(crypto.randomUUID(), `xid-${crypto.randomUUID()}`);
    await expect(handlers.refund(missing, delivery)).resolves.toBeUndefined();
    expect(await paymentsOf(voided.orderId)).toEqual([]);
    expect(await h.ledger(voided.customer.id)).toEqual({ balance: 500, frozen: 0, debited: 0, topups: 500 });
  });

  it('refunds nothing when the process dies before the commit, and exactly once when it dies after it', async () => {
    const crashAt = (step: string) => (at: string) => {
      if (at === step) throw new Error(`crash at ${at}`);
    };
    const before = await checkout(400, 400);
    const refundBefore = cancelled(before.orderId, before.xid);
    await expect(handlersWith(crashAt('refund:before-commit')).refund(refundBefore, delivery)).rejects.toThrow('crash at');
    expect(await processed(refundBefore.id)).toBe(false);
    expect(await h.ledger(before.customer.id)).toMatchObject({ balance: 0, debited: 400 });
    await expect(handlers.refund(refundBefore, { ...delivery, deliveryAttempt: 2 })).resolves.toBeUndefined();
    expect(await h.ledger(before.customer.id)).toMatchObject({ balance: 400, debited: 0 });

    const after = await checkout(400, 400);
    const refundAfter = cancelled(after.orderId, after.xid);
    await expect(handlersWith(crashAt('refund:after-commit')).refund(refundAfter, delivery)).rejects.toThrow('crash at');
    // The broker redelivers the unacknowledged event: it finds the refund done.
    await expect(handlers.refund(refundAfter, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');
    expect(await paymentsOf(after.orderId)).toHaveLength(1);
    expect(await h.ledger(after.customer.id)).toMatchObject({ balance: 400, debited: 0 });
  });

  it('throws on a paid cancellation without an xid (malformed: retried, then dead-lettered)', async () => {
    const malformed = event('OrderCancelled', crypto.randomUUID(), { paid: true });
    await expect(handlers.refund(malformed, delivery)).rejects.toMatchObject({ reason: 'MALFORMED_EVENT' });
  });
});

describe('CommissionEarned / CommissionReversed → the referrer wallet', () => {
  it('credits once per order, creating the wallet, only after the order shipped, and shows the order id in the history', async () => {
    const referrer = await newReferrer();
    const orderId = crypto.randomUUID();
    // Before this service saw the order ship: refused (the broker retries), nothing recorded.
    await expect(handlers.commission(earned(orderId, referrer.id, 250), delivery)).rejects.toMatchObject({ reason: 'ORDER_NOT_SHIPPED' });
    expect(await processed(`CommissionEarned:${orderId}`)).toBe(false);
    expect(await paymentsOf(orderId)).toEqual([]);

    await expect(handlers.shipped(shipped(orderId, 5_000), delivery)).resolves.toBeUndefined();
    await expect(handlers.shipped(shipped(orderId, 5_000), delivery)).resolves.toBe('duplicate');
    await expect(handlers.commission(earned(orderId, referrer.id, 250), delivery)).resolves.toBeUndefined();
    await expect(handlers.commission(earned(orderId, referrer.id, 250), delivery)).resolves.toBe('duplicate');
    expect(await h.ledger(referrer.id)).toMatchObject({ balance: 250, frozen: 0, debited: 0 });
    const history = await h.api(referrer.authorization, 'GET', '/api/v1/payment');
    expect(history.body.data).toEqual([
      expect.objectContaining({ kind: 'COMMISSION', amount_cents: 250, status: 'SUCCEEDED', order_id: orderId, reference: orderId }),
    ]);
    expect(await h.accounts(referrer.id)).toEqual({ held: 250, credited: 250 });
  });

  it('refuses a commission its shipped order does not justify: another buyer, the buyer as referrer, above the total', async () => {
    const referrer = await newReferrer();
    const orderId = await shippedOrder(1_000);
    for (const claim of [
      earned(orderId, referrer.id, 50, crypto.randomUUID()),
      earned(orderId, BUYER, 50),
      earned(orderId, referrer.id, 1_001),
    ])
      await expect(handlers.commission(claim, delivery)).rejects.toMatchObject({ reason: 'COMMISSION_REFUSED' });
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await processed(`CommissionEarned:${orderId}`)).toBe(false);
  });

  it('takes a commission earned under the old rule back in full, below zero if it was spent; later credits pay the debt first', async () => {
    const referrer = await newReferrer();
    const [full, spent] = [await shippedOrder(), await shippedOrder()];
    await handlers.commission(earned(full, referrer.id, 100), delivery);
    await handlers.commission(earned(spent, referrer.id, 300), delivery);
    // The referrer spends 350 of the 400 in a checkout.
    const xid = `xid-${crypto.randomUUID()}`;
    await h.wallet.call('tryDebit', { xid, customerId: referrer.id, amountCents: 350n });
    await h.wallet.call('confirmDebit', { xid });

    await expect(handlers.commission(reversed(full, referrer.id, 100), delivery)).resolves.toBeUndefined();
    await expect(handlers.commission(reversed(spent, referrer.id, 300), delivery)).resolves.toBeUndefined();
    await expect(handlers.commission(reversed(spent, referrer.id, 300), delivery)).resolves.toBe('duplicate');

    // 50 left: both reversals take their whole amount, 350 below zero; nothing is written off.
    expect(await h.ledger(referrer.id)).toMatchObject({ balance: -350, frozen: 0, debited: 350 });
    for (const [orderId, amount] of [
      [full, 100],
      [spent, 300],
    ] as const)
      expect((await paymentsOf(orderId)).map((p) => [p.kind, p.amount_cents, p.shortfall_cents])).toEqual([
        ['COMMISSION', amount, 0],
        ['COMMISSION_REVERSAL', amount, 0],
      ]);
    expect(await h.accounts(referrer.id)).toEqual({ held: 0, credited: 0 });

    // The debt freezes nothing; a top-up pays it off first.
    const owing = `xid-${crypto.randomUUID()}`;
    await expect(h.wallet.call('tryDebit', { xid: owing, customerId: referrer.id, amountCents: 1n })).rejects.toMatchObject({
      reason: 'INSUFFICIENT_FUNDS',
    });
    await h.fund(referrer.authorization, 400);
    expect(await h.ledger(referrer.id)).toMatchObject({ balance: 50, debited: 350, topups: 400 });
  });

  it('leaves a tombstone for a reversal that arrives before its earning, which then credits nothing', async () => {
    const referrer = await newReferrer();
    const orderId = await shippedOrder();
    await expect(handlers.commission(reversed(orderId, referrer.id, 400), delivery)).resolves.toBeUndefined();
    await expect(handlers.commission(reversed(orderId, referrer.id, 400), delivery)).resolves.toBe('duplicate');
    await expect(handlers.commission(earned(orderId, referrer.id, 400), delivery)).resolves.toBeUndefined();
    expect(await h.ledger(referrer.id)).toMatchObject({ balance: 0, frozen: 0, debited: 0 });
    expect(await paymentsOf(orderId)).toEqual([]);
    const tombstones = await h.pool.query('SELECT referrer_id FROM commission_tombstones WHERE order_id = $1', [orderId]);
    expect(tombstones.rows).toEqual([{ referrer_id: referrer.id }]);
  });

  it('ends with the commission credited and reversed, or neither, when earning and reversal race', async () => {
    for (let round = 0; round < 5; round++) {
      const referrer = await newReferrer();
      const orderId = await shippedOrder();
      await Promise.all([
        handlers.commission(earned(orderId, referrer.id, 70), delivery),
        handlers.commission(reversed(orderId, referrer.id, 70), delivery),
      ]);
      expect(await h.ledger(referrer.id)).toMatchObject({ balance: 0 });
      expect([[], ['COMMISSION', 'COMMISSION_REVERSAL']]).toContainEqual((await paymentsOf(orderId)).map((p) => p.kind).sort());
    }
  });

  it('throws on a malformed commission or OrderShipped (retried, then dead-lettered), changing nothing', async () => {
    const orderId = crypto.randomUUID();
    const bad: EventHandler = handlers.commission;
    await expect(bad(earned(orderId, 'not-a-customer', 10), delivery)).rejects.toMatchObject({ reason: 'MALFORMED_EVENT' });
    await expect(bad(earned(orderId, crypto.randomUUID(), 0), delivery)).rejects.toMatchObject({ reason: 'MALFORMED_EVENT' });
    await expect(bad(earned(orderId, crypto.randomUUID(), 10, 'not-a-customer'), delivery)).rejects.toMatchObject({
      reason: 'MALFORMED_EVENT',
    });
    expect(await processed(`CommissionEarned:${orderId}`)).toBe(false);
    await expect(handlers.shipped(event('OrderShipped', orderId, { customer_id: BUYER }), delivery)).rejects.toMatchObject({
      reason: 'MALFORMED_EVENT',
    });
    expect(await processed(`OrderShipped:${orderId}`)).toBe(false);
  });
});
