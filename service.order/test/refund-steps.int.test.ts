import { randomUUID } from 'node:crypto';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, eventId, EventProducer, TOPICS, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { warmUpConsumer, waitUntil } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundStepHandler } from '../src/adapters/in/mq/refund-step-consumer.js';
import { createOrderRepository } from '../src/adapters/out/postgres/order-repository.js';
import { createRefundConfirmations } from '../src/adapters/out/postgres/refund-confirmations.js';
import { createOrderEventPublisher } from '../src/adapters/out/rocketmq/order-event-publisher.js';
import { makeConfirmRefundStep } from '../src/app/confirm-refund-step.js';
import { startOrderConsumers, type RunningConsumers } from '../src/start-consumers.js';
import { FakeOrderEvents } from './fakes/fake-order-events.js';
import { config } from './order-harness.js';
import { orderFixtures } from './order-fixtures.js';

// RefundIssued (payment) and StockReturned (product) against the real order database: first the handler alone
// (duplicates, order of arrival, the race between the two), then the consumer wired as main.ts wires it, fed
// through the real broker. Order ids are unique to this run.

const logger = pino({ level: 'silent' });
const pool = createPool(config.postgres, 'order');
const orders = createOrderRepository(pool);
const fixtures = orderFixtures(pool);
const GROUP = 'order-service';
afterAll(() => pool.end());

const cancelledAfterPayment = () => fixtures.cancelledAfterPayment({ line: { title: 'Lamp', quantity: 3, unitPriceCents: 1400n } });

const refundIssued = (orderId: string, xid = 'x'): EventEnvelope => ({
  ...createEvent('RefundIssued', 'payment', { order_id: orderId, customer_id: 'c', amount_cents: 4200, xid }),
  id: eventId('RefundIssued', orderId),
});
const stockReturned = (orderId: string, xid = 'x'): EventEnvelope => ({
  ...createEvent('StockReturned', 'product', { order_id: orderId, xid, items: [] }),
  id: eventId('StockReturned', orderId),
});
const delivery = { messageId: 'm-1', topic: 'payment-events', deliveryAttempt: 1 };

const historyOf = async (orderId: string) =>
  (
    await pool.query<{ event_type: string }>(`SELECT event_type FROM order_status_history WHERE order_id = $1 ORDER BY seq`, [orderId])
  ).rows.map((row) => row.event_type);

describe('RefundIssued / StockReturned handler (real order database)', () => {
  const events = new FakeOrderEvents();
  const confirm = makeConfirmRefundStep({ orders, confirmations: createRefundConfirmations(pool, GROUP), events });
  const handle = refundStepHandler(confirm, logger);
  const refundedEvents = (orderId: string) => events.published.filter((e) => e.id === `OrderRefunded:${orderId}`);

  it('records the same RefundIssued once when it is delivered twice, and stays CANCELLED without the stock', async () => {
    const order = await cancelledAfterPayment();
    expect(await handle(refundIssued(order.id), delivery)).toBeUndefined();
    expect(await handle(refundIssued(order.id), { ...delivery, deliveryAttempt: 2 })).toBe('duplicate');
    const read = await orders.find(order.id);
    expect(read).toMatchObject({ status: 'CANCELLED', refund: { refundIssuedAt: expect.any(Date), stockReturnedAt: null } });
    expect(await historyOf(order.id)).toEqual(['OrderPaid', 'OrderCancelled', 'RefundIssued']);
    const processed = await pool.query(`SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2`, [
      GROUP,
      `RefundIssued:${order.id}`,
    ]);
    expect(processed.rowCount).toBe(1);
    expect(refundedEvents(order.id)).toHaveLength(0);
  });

  it.each([
    ['RefundIssued first', refundIssued, stockReturned],
    ['StockReturned first', stockReturned, refundIssued],
  ])('becomes REFUNDED only once both are in (%s), publishing OrderRefunded once and again on redeliveries', async (_, first, second) => {
    const order = await cancelledAfterPayment();
    await handle(first(order.id), delivery);
    expect((await orders.find(order.id))?.status).toBe('CANCELLED');
    await handle(second(order.id), delivery);
    expect(await orders.find(order.id)).toMatchObject({
      status: 'REFUNDED',
      refund: { refundIssuedAt: expect.any(Date), stockReturnedAt: expect.any(Date) },
    });
    // Redeliveries of either change nothing but announce OrderRefunded again under the same id (the first
    // announcement may have died with the process; consumers drop the copies).
    expect(await handle(first(order.id), delivery)).toBe('duplicate');
    expect(await handle(second(order.id), delivery)).toBe('duplicate');
    const refunded = expect.objectContaining({
      id: `OrderRefunded:${order.id}`,
      data: { order_id: order.id, customer_id: order.customerId, total_cents: 4200 },
    });
    expect(refundedEvents(order.id)).toEqual([refunded, refunded, refunded]);
    const rows = await historyOf(order.id);
    expect(rows.slice(0, 2)).toEqual(['OrderPaid', 'OrderCancelled']);
    expect(rows.slice(2, 4).sort()).toEqual(['RefundIssued', 'StockReturned']);
    expect(rows.slice(4)).toEqual(['OrderRefunded']);
  });

  it('refuses (retryably) to complete the refund without the OrderRefunded message when the other step lands in between', async () => {
    const order = await cancelledAfterPayment();
    const confirmations = createRefundConfirmations(pool, GROUP);
    await confirmations.record({ eventId: `RefundIssued:${order.id}`, orderId: order.id, step: 'refund', mayComplete: false });
    // As a consumer that read the order before RefundIssued committed would call it: no message around it.
    await expect(
      confirmations.record({ eventId: `StockReturned:${order.id}`, orderId: order.id, step: 'stock', mayComplete: false }),
    ).rejects.toMatchObject({ kind: 'ABORTED' });
    expect(await orders.find(order.id)).toMatchObject({ status: 'CANCELLED', refund: { stockReturnedAt: null } });
    // The redelivery reads both and brings the message.
    await handle(stockReturned(order.id), delivery);
    expect((await orders.find(order.id))?.status).toBe('REFUNDED');
    expect(refundedEvents(order.id)).toHaveLength(1);
  });

  it('ignores confirmations for orders not cancelled after payment, and malformed events throw', async () => {
    const paid = await fixtures.paid({ title: 'Pen', quantity: 1, unitPriceCents: 100n });
    await handle(refundIssued(paid.id), delivery);
    await handle(stockReturned(randomUUID()), delivery);
    expect(await orders.find(paid.id)).toMatchObject({ status: 'PAID', refund: null });
    await expect(handle({ ...refundIssued(paid.id), data: { amount_cents: 1 } }, delivery)).rejects.toMatchObject({
      reason: 'MALFORMED_EVENT',
    });
  });
});

describe('RefundIssued and StockReturned through the broker', () => {
  let consumers: RunningConsumers;
  let producer: EventProducer;
  let orderProducer: EventProducer;
  const publish = (topic: string, event: EventEnvelope) =>
    producer.publishInTransaction(topic, event, [(event.data as { order_id: string }).order_id], async () => undefined);

  beforeAll(async () => {
    producer = new EventProducer({
      config: config.rocketmq,
      topics: [TOPICS.paymentEvents, TOPICS.productEvents],
      checker: async () => 'COMMIT',
      logger,
    });
    orderProducer = new EventProducer({ config: config.rocketmq, topics: [TOPICS.orderEvents], checker: async () => 'COMMIT', logger });
    await Promise.all([producer.start(), orderProducer.start()]);
    consumers = await startOrderConsumers(config, { logger, pool, events: createOrderEventPublisher(orderProducer) });
    await warmUpConsumer(async () => {
      const probe = await cancelledAfterPayment();
      await publish(TOPICS.paymentEvents, refundIssued(probe.id));
      return async () => (await orders.find(probe.id))?.refund?.refundIssuedAt != null;
    }, 'the order consumer');
  }, 90_000);

  afterAll(async () => {
    await consumers?.stop();
    await producer?.stop();
    await orderProducer?.stop();
  });

  it('refunds a cancelled order once payment and product both confirmed', async () => {
    const order = await cancelledAfterPayment();
    await publish(TOPICS.productEvents, stockReturned(order.id, order.xid));
    await publish(TOPICS.paymentEvents, refundIssued(order.id, order.xid));
    expect(await waitUntil(async () => (await orders.find(order.id))?.status === 'REFUNDED', 20_000)).toBe(true);
    expect((await historyOf(order.id)).filter((type) => type === 'OrderRefunded')).toHaveLength(1);
  });
});
