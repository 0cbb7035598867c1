import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, EventConsumer, eventId, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_CONSUMER_GROUP } from '../src/adapters/in/mq/order-events-consumer.js';
import { PostgresCustomerRepository } from '../src/adapters/out/postgres/customer-repository.js';
import type { Email } from '../src/domain/email.js';
import { startCustomerConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { emlFilesOf } from './eml.js';
import { testCustomerConfig } from './start-test-customer.js';

// The consumers wired as main.ts wires them, fed through the real broker (order-events), writing to the real
// customer database and the test stage's mail directory, publishing CommissionEarned on the real customer-events
// topic, where a consumer group of this test receives it. Customers and order ids are unique to this run.

const config = testCustomerConfig();
const logger = pino({ level: 'silent' });
const pool = createPool(config.postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
// Its own group on customer-events: it must not take the payment service's messages.
const WATCH_GROUP = 'customer-events-int-test';
const seenCustomerEvents = new Map<string, EventEnvelope>();
let consumers: RunningConsumers;
let producer: EventProducer;
let customerProducer: EventProducer;
let watcher: EventConsumer;

const orderPaid = (customerId: string, totalCents: number): EventEnvelope => {
  const orderId = crypto.randomUUID();
  const data = { order_id: orderId, customer_id: customerId, total_cents: totalCents, items: [{ sku_id: 'sku-1', quantity: 1 }] };
  return { ...createEvent('OrderPaid', 'order', data), id: eventId('OrderPaid', orderId) };
};
const orderShipped = (paid: EventEnvelope): EventEnvelope => {
  const { order_id: orderId, customer_id, total_cents } = paid.data as { order_id: string; customer_id: string; total_cents: number };
  const data = { order_id: orderId, customer_id, status: 'SHIPPED', actor_id: crypto.randomUUID(), total_cents };
  return { ...createEvent('OrderShipped', 'order', data), id: eventId('OrderShipped', orderId) };
};
const orderIdOf = (event: EventEnvelope) => (event.data as { order_id: string }).order_id;
const publish = (event: EventEnvelope) =>
  producer.publishInTransaction(TOPICS.orderEvents, event, [orderIdOf(event)], async () => undefined);
const wasProcessed = async (eventId: string) =>
  (await pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [CUSTOMER_CONSUMER_GROUP, eventId]))
    .rowCount === 1;

beforeAll(async () => {
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.orderEvents], checker: async () => 'COMMIT', logger });
  customerProducer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.customerEvents], checker: async () => 'COMMIT', logger });
  watcher = new EventConsumer({
    config: config.rocketmq,
    group: WATCH_GROUP,
    subscriptions: { [TOPICS.customerEvents]: '*' },
    handler: async (event) => void seenCustomerEvents.set(event.id, event),
    logger,
  });
  await Promise.all([producer.start(), customerProducer.start(), watcher.start()]);
  consumers = await startCustomerConsumers(config, { logger, pool });
  // Probes name a customer that does not exist (acknowledged, no effect) and show up as processed.
  await warmUpConsumer(async () => {
    const probe = orderPaid(crypto.randomUUID(), 100);
    await publish(probe);
    return () => wasProcessed(probe.id);
  }, 'the customer consumer');
  await warmUpConsumer(async () => {
    const probe = { ...createEvent('Probe', 'test', { order_id: crypto.randomUUID() }) };
    await customerProducer.publishInTransaction(TOPICS.customerEvents, probe, [orderIdOf(probe)], async () => undefined);
    return async () => seenCustomerEvents.has(probe.id);
  }, 'the customer-events watcher');
}, 120_000);

// The accounts go again: the CommissionEarned stays on the shared test topic, and whichever payment service consumes
// it later credits the referrer for an order the order database never saw. Money of an unknown account is outside
// `make check-invariants`' conservation check; a known account's would rightly be flagged.
const testAccounts: string[] = [];

afterAll(async () => {
  await pool.query('DELETE FROM referral_commissions WHERE referrer_id = ANY($1::uuid[])', [testAccounts]);
  await pool.query('DELETE FROM customers WHERE id = ANY($1::uuid[])', [testAccounts]);
  await consumers?.stop();
  await watcher?.stop();
  await Promise.all([producer?.stop(), customerProducer?.stop()]);
  await pool.end();
});

describe('order events through the broker', () => {
  it("credits points and notifies the customer (inbox and .eml) on payment, and publishes the referrer's CommissionEarned on shipping", async () => {
    const account = (label: string, referredBy: string | null = null) =>
      repository.create({
        email: `${label}-${crypto.randomUUID()}@customer-int.test` as Email,
        passwordHash: 'x',
        name: '',
        role: 'customer',
        referredBy,
      });
    const referrer = await account('referrer');
    const customer = await account('paid', referrer.id);
    testAccounts.push(customer.id, referrer.id);
    const event = orderPaid(customer.id, 12_399);
    await publish(event);

    expect(await waitUntil(async () => (await repository.findById(customer.id))?.loyaltyPoints === 123n, 20_000)).toBe(true);
    const sentNotification = async () =>
      (await pool.query<{ id: string }>('SELECT id FROM notifications WHERE customer_id = $1 AND sent_at IS NOT NULL', [customer.id])).rows;
    expect(await waitUntil(async () => (await sentNotification()).length === 1, 10_000)).toBe(true);
    const [file] = await emlFilesOf(
      config.services.customer.mail.dir,
      (await sentNotification()).map((n) => n.id),
    );
    expect(file?.headers).toMatchObject({ to: customer.email, subject: `Order ${orderIdOf(event).slice(0, 8)} is paid` });

    const earnedId = `CommissionEarned:${orderIdOf(event)}`;
    expect(seenCustomerEvents.has(earnedId)).toBe(false);
    await publish(orderShipped(event));
    expect(await waitUntil(async () => seenCustomerEvents.has(earnedId), 20_000)).toBe(true);
    expect(seenCustomerEvents.get(earnedId)).toMatchObject({
      type: 'CommissionEarned',
      data: { order_id: orderIdOf(event), referrer_id: referrer.id, referred_customer_id: customer.id, amount_cents: 619 },
    });
  }, 60_000);
});
