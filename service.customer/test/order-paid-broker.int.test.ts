import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, eventId, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_CONSUMER_GROUP } from '../src/adapters/in/mq/order-paid-consumer.js';
import { PostgresCustomerRepository } from '../src/adapters/out/postgres/customer-repository.js';
import type { Email } from '../src/domain/email.js';
import { startCustomerConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { testCustomerConfig } from './start-test-customer.js';

// The consumer wired as main.ts wires it, fed through the real broker (order-events) and writing to the real
// customer database. Customers and order ids are unique to this run.

const config = testCustomerConfig();
const logger = pino({ level: 'silent' });
const pool = createPool(config.postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
let consumers: RunningConsumers;
let producer: EventProducer;

const orderPaid = (customerId: string, totalCents: number): EventEnvelope => {
  const orderId = crypto.randomUUID();
  const data = { order_id: orderId, customer_id: customerId, total_cents: totalCents, items: [{ sku_id: 'sku-1', quantity: 1 }] };
  return { ...createEvent('OrderPaid', 'order', data), id: eventId('OrderPaid', orderId) };
};
const publish = (event: EventEnvelope) =>
  producer.publishInTransaction(TOPICS.orderEvents, event, [(event.data as { order_id: string }).order_id], async () => undefined);
const wasProcessed = async (eventId: string) =>
  (await pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [CUSTOMER_CONSUMER_GROUP, eventId]))
    .rowCount === 1;

beforeAll(async () => {
  producer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.orderEvents], checker: async () => 'COMMIT', logger });
  await producer.start();
  consumers = await startCustomerConsumers(config, { logger, pool });
  // Probes name a customer that does not exist (acknowledged, no effect) and show up as processed.
  await warmUpConsumer(async () => {
    const probe = orderPaid(crypto.randomUUID(), 100);
    await publish(probe);
    return () => wasProcessed(probe.id);
  }, 'the customer consumer');
}, 90_000);

afterAll(async () => {
  await consumers?.stop();
  await producer?.stop();
  await pool.end();
});

describe('OrderPaid through the broker', () => {
  it('adds one loyalty point per full 100 cents to the paying customer', async () => {
    const customer = await repository.create({
      email: `paid-${crypto.randomUUID()}@customer-int.test` as Email,
      passwordHash: 'x',
      name: 'Payer',
      role: 'customer',
    });
    const event = orderPaid(customer.id, 12_399);
    await publish(event);
    const credited = await waitUntil(async () => (await repository.findById(customer.id))?.loyaltyPoints === 123n, 20_000);
    expect(credited).toBe(true);
    expect(await wasProcessed(event.id)).toBe(true);
  }, 30_000);
});
