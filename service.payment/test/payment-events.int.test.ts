import { EventConsumer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@micro-ecommerce/pkg/postgres';
import { EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import { createPaymentEventChecker } from '../src/adapters/out/postgres/payment-event-checker.js';
import { createPaymentEventPublisher } from '../src/adapters/out/rocketmq/payment-event-publisher.js';
import { PAYMENT_CONSUMER_GROUP } from '../src/adapters/in/mq/payment-consumer.js';
import { PgWalletEventLedger } from '../src/adapters/out/postgres/pg-wallet-event-ledger.js';
import { makeRefundOrder } from '../src/app/refund-order.js';
import { refundIssued, REFUND_CHECK_WINDOW_MS } from '../src/domain/refund-event.js';
import { walletCredited } from '../src/domain/wallet-event.js';
import { config, startPaymentHarness, type PaymentHarness } from './payment-harness.js';

// The payment service in-process with its real producer: top-ups through the HTTP API, WalletCredited read back
// from payment-events by a consumer group of this test, check-backs answered from the real payment database.

const received = new Map<string, EventEnvelope[]>();
let harness: PaymentHarness;
let consumer: EventConsumer;

const deliveriesOf = (id: string) => received.get(id) ?? [];

beforeAll(async () => {
  harness = await startPaymentHarness();
  consumer = new EventConsumer({
    config: config.rocketmq,
    group: 'test-payment-events',
    subscriptions: { [TOPICS.paymentEvents]: 'WalletCredited || RefundIssued' },
    logger: pino({ level: 'silent' }),
    handler: async (event) => void received.set(event.id, [...deliveriesOf(event.id), event]),
  });
  await consumer.start();
  // Probes are real top-ups: their WalletCredited shows the group is receiving.
  await warmUpConsumer(async () => {
    const customer = await harness.newCustomer();
    const res = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', { amount_cents: 1, card_token: 'tok_visa' });
    const probeId = `WalletCredited:${res.body.data.id as string}`;
    return async () => deliveriesOf(probeId).length > 0;
  }, 'the payment-events test consumer');
}, 90_000);

afterAll(async () => {
  await consumer?.stop();
  await harness?.stop();
});

describe('WalletCredited (transactional message with the top-up credit)', () => {
  it('is delivered once for a succeeded top-up, with the payment, customer and amount', async () => {
    const customer = await harness.newCustomer();
    const res = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', { amount_cents: 2500, card_token: 'tok_visa' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = `WalletCredited:${res.body.data.id as string}`;

    expect(await waitUntil(async () => deliveriesOf(id).length > 0, 20_000), 'WalletCredited never arrived').toBe(true);
    expect(deliveriesOf(id)[0]).toMatchObject({
      type: 'WalletCredited',
      source: 'payment',
      data: { payment_id: res.body.data.id, customer_id: customer.id, amount_cents: 2500 },
    });
    expect(deliveriesOf(id)).toHaveLength(1);
  });

  it('is never delivered for a declined top-up (nothing credited, so the half message is never sent or committed)', async () => {
    const customer = await harness.newCustomer();
    const declined = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', {
      amount_cents: 700,
      card_token: 'tok_declined',
    });
    expect(declined.status).toBe(402);
    // A succeeded top-up of the same customer afterwards arrives; the declined one has not by then.
    const ok = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', { amount_cents: 800, card_token: 'tok_visa' });
    expect(await waitUntil(async () => deliveriesOf(`WalletCredited:${ok.body.data.id as string}`).length > 0, 20_000)).toBe(true);
    const credited = [...received.values()].flat().filter((event) => (event.data as { customer_id?: string }).customer_id === customer.id);
    expect(credited.map((event) => (event.data as { amount_cents: number }).amount_cents)).toEqual([800]);
  });

  it('answers check-backs from the top-up status: COMMIT when credited, UNKNOWN while pending, ROLLBACK otherwise', async () => {
    const check = createPaymentEventChecker(harness.pool);
    const customer = await harness.newCustomer();
    const ok = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', { amount_cents: 300, card_token: 'tok_visa' });
    await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', { amount_cents: 300, card_token: 'tok_declined' });
    const failed = await harness.pool.query<{ id: string }>(`SELECT id FROM payments WHERE customer_id = $1 AND status = 'FAILED'`, [
      customer.id,
    ]);
    // What a crash between the provider charge and the credit leaves behind.
    const pending = await harness.pool.query<{ id: string }>(
      `INSERT INTO payments (customer_id, kind, amount_cents, status) VALUES ($1, 'TOPUP', 300, 'PENDING') RETURNING id`,
      [customer.id],
    );
    const event = (paymentId: string) => walletCredited({ payment_id: paymentId, customer_id: customer.id, amount_cents: 300 }, new Date());

    expect(await check(event(ok.body.data.id as string))).toBe('COMMIT');
    expect(await check(event(pending.rows[0]!.id))).toBe('UNKNOWN');
    expect(await check(event(failed.rows[0]!.id))).toBe('ROLLBACK');
    expect(await check(event(crypto.randomUUID()))).toBe('ROLLBACK');
    expect(await check(event('not-a-uuid'))).toBe('ROLLBACK');
  });

  it('is never delivered when the credit transaction rolls back', async () => {
    const customer = await harness.newCustomer();
    await harness.api(customer.authorization, 'GET', '/api/v1/payment/wallet'); // creates the wallet
    const pending = await harness.pool.query<{ id: string }>(
      `INSERT INTO payments (customer_id, kind, amount_cents, status) VALUES ($1, 'TOPUP', 900, 'PENDING') RETURNING id`,
      [customer.id],
    );
    const paymentId = pending.rows[0]!.id;
    const producer = new EventProducer({
      config: config.rocketmq,
      topics: [TOPICS.paymentEvents],
      checker: createPaymentEventChecker(harness.pool),
      logger: pino({ level: 'silent' }),
    });
    await producer.start();
    try {
      const events = createPaymentEventPublisher(producer);
      const event = walletCredited({ payment_id: paymentId, customer_id: customer.id, amount_cents: 900 }, new Date());
      // The half message is sent, then the credit fails inside its transaction: PostgreSQL rolls it back.
      await expect(
        events.publishWith(event, () =>
          withTransaction(harness.pool, async (client) => {
            await client.query(`UPDATE payments SET status = 'SUCCEEDED' WHERE id = $1`, [paymentId]);
            throw new Error('credit failed');
          }),
        ),
      ).rejects.toThrow('credit failed');
      // Still PENDING, so check-backs answer UNKNOWN; once the top-up is settled as FAILED they answer ROLLBACK.
      await harness.pool.query(`UPDATE payments SET status = 'FAILED', failure_reason = 'CREDIT_FAILED' WHERE id = $1`, [paymentId]);
      const later = await harness.api(customer.authorization, 'POST', '/api/v1/payment/topup', {
        amount_cents: 100,
        card_token: 'tok_visa',
      });
      expect(await waitUntil(async () => deliveriesOf(`WalletCredited:${later.body.data.id as string}`).length > 0, 20_000)).toBe(true);
      // Well past the first check-back (~2 s after the half message) and a few more.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expect(deliveriesOf(event.id)).toEqual([]);
    } finally {
      await producer.stop();
    }
  });
});

describe('RefundIssued (transactional message with the refund)', () => {
  /** A customer whose checkout debit of `amountCents` was confirmed, and a fresh order id for its cancellation. */
  const paidOrder = async (amountCents: number) => {
    const customer = await harness.newCustomer();
    await harness.fund(customer.authorization, amountCents);
    const xid = `xid-${crypto.randomUUID()}`;
    await harness.wallet.call('tryDebit', { xid, customerId: customer.id, amountCents: BigInt(amountCents) });
    await harness.wallet.call('confirmDebit', { xid });
    return { customer, xid, orderId: crypto.randomUUID() };
  };
  const refundOrder = () =>
    makeRefundOrder({ ledger: new PgWalletEventLedger(harness.pool, PAYMENT_CONSUMER_GROUP), events: harness.events });

  it('is delivered once for a refund, with the order, customer, amount and xid', async () => {
    const { customer, xid, orderId } = await paidOrder(1200);
    expect(await refundOrder()({ eventId: `OrderCancelled:${orderId}`, orderId, xid })).toBe('REFUNDED');
    const id = `RefundIssued:${orderId}`;
    expect(await waitUntil(async () => deliveriesOf(id).length > 0, 20_000), 'RefundIssued never arrived').toBe(true);
    expect(deliveriesOf(id)[0]).toMatchObject({
      type: 'RefundIssued',
      source: 'payment',
      data: { order_id: orderId, customer_id: customer.id, amount_cents: 1200, xid },
    });
    expect(deliveriesOf(id)).toHaveLength(1);
  });

  it('answers check-backs: COMMIT once the order has its REFUND, UNKNOWN while young without one, ROLLBACK after', async () => {
    const { customer, xid, orderId } = await paidOrder(100);
    await refundOrder()({ eventId: `OrderCancelled:${orderId}`, orderId, xid });
    const now = new Date();
    const old = new Date(now.getTime() - REFUND_CHECK_WINDOW_MS - 1000);
    const check = createPaymentEventChecker(harness.pool, () => now);
    const event = (id: string, at: Date) => refundIssued({ order_id: id, customer_id: customer.id, amount_cents: 100, xid }, at);

    expect(await check(event(orderId, old))).toBe('COMMIT');
    expect(await check(event(crypto.randomUUID(), now))).toBe('UNKNOWN');
    expect(await check(event(crypto.randomUUID(), old))).toBe('ROLLBACK');
    expect(await check(event('not-a-uuid', now))).toBe('ROLLBACK');
  });
});
