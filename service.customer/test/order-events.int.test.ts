import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createEvent, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { orderEventsHandler } from '../src/adapters/in/mq/order-events-consumer.js';
import { EmlFileSender } from '../src/adapters/out/mail/eml-file-sender.js';
import { createCommissionEventChecker } from '../src/adapters/out/postgres/commission-event-checker.js';
import { PostgresCustomerRepository } from '../src/adapters/out/postgres/customer-repository.js';
import { PostgresNotificationOutbox } from '../src/adapters/out/postgres/notification-outbox.js';
import { PostgresOrderEventStore } from '../src/adapters/out/postgres/order-event-store.js';
import { makeDispatchNotifications } from '../src/app/dispatch-notifications.js';
import { makeHandleOrderEvent } from '../src/app/handle-order-event.js';
import type { Role } from '../src/domain/customer.js';
import type { Email } from '../src/domain/email.js';
import { commissionEarned } from '../src/domain/referral-commission.js';
import { emlFilesOf } from './eml.js';
import { RecordingCommissionEvents } from './fakes/recording-commission-events.js';
import { testCustomerConfig } from './start-test-customer.js';

// The order-events handler wired as start-consumers.ts wires it, minus the broker: the real customer database,
// the real .eml sender (into a temporary directory) and a publisher that records what it would publish. A
// consumer group of its own per run keeps its processed records apart; customers and orders are unique per run.

const config = testCustomerConfig();
const pool = createPool(config.postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
const group = `order-events-int-${crypto.randomUUID()}`;
const mailDir = mkdtempSync(join(tmpdir(), 'customer-mail-'));
const commissionEvents = new RecordingCommissionEvents();
const store = new PostgresOrderEventStore(pool, group);
const check = createCommissionEventChecker(pool);
const handle = orderEventsHandler({
  handleOrderEvent: makeHandleOrderEvent({ store, commissionEvents, commissionPercent: 5 }),
  dispatchNotifications: makeDispatchNotifications({
    outbox: new PostgresNotificationOutbox(pool),
    sender: new EmlFileSender(mailDir, config.services.customer.mail.from),
    batchSize: 10,
  }),
  logger: pino({ level: 'silent' }),
});
const delivery = { messageId: 'm', topic: 'order-events', deliveryAttempt: 1 };
const staffAccounts: string[] = [];

afterAll(async () => {
  await pool.query('DELETE FROM processed_messages WHERE consumer_group = $1', [group]);
  // A staff account left behind would receive every later run's staff notifications.
  await pool.query('DELETE FROM customers WHERE id = ANY($1::uuid[])', [staffAccounts]);
  await pool.end();
  rmSync(mailDir, { recursive: true, force: true });
});

const newAccount = async (role: Role = 'customer', referredBy: string | null = null) => {
  const account = await repository.create({
    email: `events-${crypto.randomUUID()}@events-int.test` as Email,
    passwordHash: 'x',
    name: '',
    role,
    referredBy,
  });
  if (role === 'staff') staffAccounts.push(account.id);
  return account;
};
const orderEvent = (type: string, orderId: string, customerId: string, data: Record<string, unknown> = {}): EventEnvelope => ({
  ...createEvent(type, 'order', { order_id: orderId, customer_id: customerId, ...data }),
  id: `${type}:${orderId}`,
});
const lifecycle = (orderId: string, customerId: string, totalCents: number) => [
  orderEvent('OrderPaid', orderId, customerId, { total_cents: totalCents, items: [{ sku_id: 's', quantity: 1 }] }),
  orderEvent('OrderAccepted', orderId, customerId, { status: 'ACCEPTED', actor_id: 'a', total_cents: totalCents }),
  orderEvent('OrderShipped', orderId, customerId, { status: 'SHIPPED', actor_id: 'a', total_cents: totalCents }),
  orderEvent('OrderDelivered', orderId, customerId, { status: 'DELIVERED', actor_id: 'a', total_cents: totalCents }),
  orderEvent('OrderCancelled', orderId, customerId, {
    reason: 'CANCELLED',
    paid: true,
    cancelled_by: 'customer',
    xid: 'x',
    total_cents: totalCents,
    items: [],
  }),
  orderEvent('OrderRefunded', orderId, customerId, { total_cents: totalCents }),
];
const notificationsOf = async (customerId: string, orderId: string) =>
  (
    await pool.query<{ id: string; kind: string; event_id: string; sent_at: Date | null }>(
      'SELECT id, kind, event_id, sent_at FROM notifications WHERE customer_id = $1 AND order_id = $2 ORDER BY created_at, kind',
      [customerId, orderId],
    )
  ).rows;
const pointsOf = async (id: string) => (await repository.findById(id))?.loyaltyPoints;

describe('order events → notifications and loyalty points', () => {
  it("writes and sends one notification per order event to the order's customer, and nothing on redelivery", async () => {
    const customer = await newAccount();
    const orderId = crypto.randomUUID();
    for (const event of lifecycle(orderId, customer.id, 12_399)) {
      await expect(handle(event, delivery)).resolves.toBeUndefined();
      await expect(handle(event, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');
      if (event.type === 'OrderPaid') expect(await pointsOf(customer.id)).toBe(123n);
    }
    const notes = await notificationsOf(customer.id, orderId);
    expect(notes.map((n) => n.kind)).toEqual([
      'ORDER_PAID',
      'ORDER_ACCEPTED',
      'ORDER_SHIPPED',
      'ORDER_DELIVERED',
      'ORDER_CANCELLED',
      'ORDER_REFUNDED',
    ]);
    expect(notes.every((n) => n.sent_at !== null)).toBe(true);
    // Points of a refunded order are taken back.
    expect(await pointsOf(customer.id)).toBe(0n);

    const files = await emlFilesOf(
      mailDir,
      notes.map((n) => n.id),
    );
    expect(files).toHaveLength(6);
    // Named <created_at>-<id>.eml: sorted by name, they come in the order they were written.
    expect(files.map((f) => f.headers['x-notification-kind'])).toEqual(notes.map((n) => n.kind));
    expect(files[0]!.headers).toMatchObject({ to: customer.email, subject: `Order ${orderId.slice(0, 8)} is paid`, 'x-order-id': orderId });
    expect(files[0]!.headers['message-id']).toBe(`<${notes[0]!.id}@notifications.micro-ecommerce>`);
    expect(files[0]!.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('sends every staff account one notification per paid order, and none for the other events', async () => {
    const [staff, other] = [await newAccount('staff'), await newAccount('staff')];
    const customer = await newAccount();
    const orderId = crypto.randomUUID();
    for (const event of lifecycle(orderId, customer.id, 5_000).slice(0, 4)) {
      await handle(event, delivery);
      await handle(event, delivery);
    }
    for (const account of [staff, other]) {
      expect((await notificationsOf(account.id, orderId)).map((n) => n.kind)).toEqual(['STAFF_ORDER_PAID']);
    }
    const [file] = await emlFilesOf(
      mailDir,
      (await notificationsOf(staff.id, orderId)).map((n) => n.id),
    );
    expect(file?.headers).toMatchObject({ to: staff.email, subject: `New paid order ${orderId.slice(0, 8)} (50.00)` });
  });

  it('still tells staff of a paid order whose customer it does not know, and acknowledges it', async () => {
    const staff = await newAccount('staff');
    const orderId = crypto.randomUUID();
    await expect(handle(orderEvent('OrderPaid', orderId, crypto.randomUUID(), { total_cents: 100 }), delivery)).resolves.toBeUndefined();
    expect((await notificationsOf(staff.id, orderId)).map((n) => n.kind)).toEqual(['STAFF_ORDER_PAID']);
  });

  it('retries an OrderRefunded whose OrderPaid was not processed yet, leaving nothing behind', async () => {
    const customer = await newAccount();
    const orderId = crypto.randomUUID();
    const refunded = orderEvent('OrderRefunded', orderId, customer.id, { total_cents: 1_000 });
    await expect(handle(refunded, delivery)).rejects.toMatchObject({ reason: 'ORDER_PAID_NOT_YET_APPLIED' });
    expect(await store.isProcessed(refunded.id)).toBe(false);
    expect(await notificationsOf(customer.id, orderId)).toEqual([]);
  });
});

describe('order events → referral commission', () => {
  const referredPair = async () => {
    const referrer = await newAccount();
    return { referrer, referred: await newAccount('customer', referrer.id) };
  };
  const commissionRow = async (orderId: string) =>
    (
      await pool.query('SELECT referrer_id, referred_customer_id, amount_cents, state FROM referral_commissions WHERE order_id = $1', [
        orderId,
      ])
    ).rows[0];
  const publishedFor = (orderId: string) => commissionEvents.published.filter((e) => e.data.order_id === orderId);

  it('earns nothing on payment; earns 5 % of the total once when the order ships, publishing CommissionEarned', async () => {
    const { referrer, referred } = await referredPair();
    const orderId = crypto.randomUUID();
    const [paid, accepted, shipped, delivered] = lifecycle(orderId, referred.id, 1_999);
    for (const event of [paid!, accepted!]) await handle(event, delivery);
    expect(await commissionRow(orderId)).toBeUndefined();
    expect(publishedFor(orderId)).toEqual([]);

    await handle(shipped!, delivery);
    await handle(shipped!, delivery);
    await handle(delivered!, delivery);
    expect(await commissionRow(orderId)).toEqual({
      referrer_id: referrer.id,
      referred_customer_id: referred.id,
      amount_cents: 99n,
      state: 'EARNED',
    });
    const events = publishedFor(orderId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `CommissionEarned:${orderId}`,
      type: 'CommissionEarned',
      source: 'customer',
      data: { order_id: orderId, referrer_id: referrer.id, referred_customer_id: referred.id, amount_cents: 99 },
    });
    expect(await check(events[0]!)).toBe('COMMIT');
  });

  it('earns and reverses nothing for a paid order cancelled before it ships', async () => {
    const { referred } = await referredPair();
    const orderId = crypto.randomUUID();
    const [paid, accepted, , , cancelled, refunded] = lifecycle(orderId, referred.id, 10_000);
    for (const event of [paid!, accepted!, cancelled!, refunded!]) await handle(event, delivery);
    expect(await commissionRow(orderId)).toBeUndefined();
    expect(publishedFor(orderId)).toEqual([]);
  });

  it('earns nothing from an OrderShipped published before it carried the total', async () => {
    const { referred } = await referredPair();
    const orderId = crypto.randomUUID();
    await handle(orderEvent('OrderShipped', orderId, referred.id, { status: 'SHIPPED', actor_id: 'a' }), delivery);
    expect(await commissionRow(orderId)).toBeUndefined();
    expect(publishedFor(orderId)).toEqual([]);
    expect((await notificationsOf(referred.id, orderId)).map((n) => n.kind)).toEqual(['ORDER_SHIPPED']);
  });

  it('reverses a commission earned on payment under the old rule when that order is cancelled, once', async () => {
    const { referrer, referred } = await referredPair();
    const orderId = crypto.randomUUID();
    await pool.query(
      `INSERT INTO referral_commissions (order_id, referrer_id, referred_customer_id, amount_cents, state) VALUES ($1, $2, $3, 99, 'EARNED')`,
      [orderId, referrer.id, referred.id],
    );
    const [, , , , cancelled] = lifecycle(orderId, referred.id, 1_999);
    await handle(cancelled!, delivery);
    await handle(cancelled!, delivery);
    expect((await commissionRow(orderId)).state).toBe('REVERSED');
    const events = publishedFor(orderId);
    expect(events.map((e) => e.type)).toEqual(['CommissionReversed']);
    expect(events[0]).toMatchObject({
      id: `CommissionReversed:${orderId}`,
      data: { order_id: orderId, referrer_id: referrer.id, amount_cents: 99 },
    });
    expect(await check(events[0]!)).toBe('COMMIT');
    // A stray CommissionEarned of that order still commits: the earning did happen, under the old rule.
    const earned = commissionEarned(
      { orderId, referrerId: referrer.id, referredCustomerId: referred.id, amountCents: 99, state: 'EARNED' },
      new Date(),
    );
    expect(await check(earned)).toBe('COMMIT');
  });

  it('earns nothing for a shipped order of a customer nobody referred, nor for an unpaid cancellation', async () => {
    const customer = await newAccount();
    const orderId = crypto.randomUUID();
    for (const event of lifecycle(orderId, customer.id, 10_000).slice(0, 3)) await handle(event, delivery);
    expect(await commissionRow(orderId)).toBeUndefined();
    const { referred } = await referredPair();
    const failed = crypto.randomUUID();
    await handle(orderEvent('OrderCancelled', failed, referred.id, { reason: 'OUT_OF_STOCK' }), delivery);
    expect(await commissionRow(failed)).toBeUndefined();
    expect(publishedFor(orderId).concat(publishedFor(failed))).toEqual([]);
  });

  it('answers check-backs without a row UNKNOWN while the local transaction may still run, ROLLBACK after', async () => {
    const { referrer, referred } = await referredPair();
    const commission = {
      orderId: crypto.randomUUID(),
      referrerId: referrer.id,
      referredCustomerId: referred.id,
      amountCents: 5,
      state: 'EARNED' as const,
    };
    expect(await check(commissionEarned(commission, new Date()))).toBe('UNKNOWN');
    expect(await check(commissionEarned(commission, new Date(Date.now() - 120_000)))).toBe('ROLLBACK');
  });
});
