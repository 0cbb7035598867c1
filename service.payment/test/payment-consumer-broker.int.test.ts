import { createEvent, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_CONSUMER_GROUP } from '../src/adapters/in/mq/payment-consumer.js';
import { startPaymentConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { config, startPaymentHarness, type PaymentHarness } from './payment-harness.js';

// The payment-service consumer wired as main.ts wires it, fed through the real broker (order-events and
// customer-events) and writing to the real payment database. Customers, orders and xids are unique to this run.

const logger = pino({ level: 'silent' });
let h: PaymentHarness;
let consumers: RunningConsumers;
let producer: EventProducer;

const event = (type: string, orderId: string, data: Record<string, unknown>): EventEnvelope => ({
  ...createEvent(type, type.startsWith('Order') ? 'order' : 'customer', { order_id: orderId, ...data }),
  id: `${type}:${orderId}`,
});
const publish = (topic: string, envelope: EventEnvelope) =>
  producer.publishInTransaction(topic, envelope, [(envelope.data as { order_id: string }).order_id], async () => undefined);
const wasProcessed = async (eventId: string) =>
  (await h.pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [PAYMENT_CONSUMER_GROUP, eventId]))
    .rowCount === 1;
const kindsOf = async (orderId: string) =>
  (await h.pool.query<{ kind: string }>('SELECT kind FROM payments WHERE order_id = $1 ORDER BY created_at', [orderId])).rows.map(
    (row) => row.kind,
  );

beforeAll(async () => {
  h = await startPaymentHarness();
  producer = new EventProducer({
    config: config.rocketmq,
    topics: [TOPICS.orderEvents, TOPICS.customerEvents],
    checker: async () => 'COMMIT',
    logger,
  });
  await producer.start();
  consumers = await startPaymentConsumers(config, { logger, pool: h.pool, events: h.events });
  // Probes reverse a commission nobody earned: a tombstone and a processed row, on both subscribed topics' group.
  await warmUpConsumer(async () => {
    const probe = event('CommissionReversed', crypto.randomUUID(), { referrer_id: crypto.randomUUID(), amount_cents: 1 });
    await publish(TOPICS.customerEvents, probe);
    return () => wasProcessed(probe.id);
  }, 'the payment consumer');
}, 90_000);

afterAll(async () => {
  await consumers?.stop();
  await producer?.stop();
  await h?.stop();
});

describe('the payment-service consumer through the broker', () => {
  it('refunds a paid cancellation once, retrying while the debit is still frozen', async () => {
    const customer = await h.newCustomer();
    await h.fund(customer.authorization, 900);
    const xid = `xid-${crypto.randomUUID()}`;
    await h.wallet.call('tryDebit', { xid, customerId: customer.id, amountCents: 600n });
    const orderId = crypto.randomUUID();
    const cancelled = event('OrderCancelled', orderId, { customer_id: customer.id, paid: true, cancelled_by: 'staff', reason: 'x', xid });
    await publish(TOPICS.orderEvents, cancelled);
    await publish(TOPICS.orderEvents, cancelled);
    // The first delivery meets a frozen debit and fails; the confirm lands before the broker's redelivery.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await h.wallet.call('confirmDebit', { xid });

    expect(await waitUntil(async () => (await kindsOf(orderId)).length > 0, 30_000), 'no refund').toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await kindsOf(orderId)).toEqual(['REFUND']);
    expect(await h.ledger(customer.id)).toEqual({ balance: 900, frozen: 0, debited: 0, topups: 900 });
  }, 40_000);

  it('credits a commission from customer-events to the referrer wallet once OrderShipped from order-events recorded the order', async () => {
    const referrer = await h.newCustomer();
    const [orderId, buyerId] = [crypto.randomUUID(), crypto.randomUUID()];
    const shipped = event('OrderShipped', orderId, {
      customer_id: buyerId,
      status: 'SHIPPED',
      actor_id: crypto.randomUUID(),
      total_cents: 1_500,
    });
    const earned = event('CommissionEarned', orderId, { referrer_id: referrer.id, referred_customer_id: buyerId, amount_cents: 75 });
    await publish(TOPICS.orderEvents, shipped);
    await publish(TOPICS.customerEvents, earned);
    try {
      expect(await waitUntil(() => wasProcessed(earned.id), 30_000)).toBe(true);
      expect(await wasProcessed(shipped.id)).toBe(true);
      expect(await kindsOf(orderId)).toEqual(['COMMISSION']);
      expect(await h.ledger(referrer.id)).toMatchObject({ balance: 75 });
    } finally {
      // A commission for an order only this test knows: left behind, `make check-invariants` would see money no
      // shipped order of the order database explains.
      await h.pool.query('DELETE FROM payments WHERE customer_id = $1', [referrer.id]);
      await h.pool.query('DELETE FROM wallets WHERE customer_id = $1', [referrer.id]);
    }
  }, 40_000);
});
