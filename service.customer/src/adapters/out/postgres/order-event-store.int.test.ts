import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewNotification } from '../../../app/ports.js';
import type { Role } from '../../../domain/customer.js';
import type { Email } from '../../../domain/email.js';
import { PostgresCustomerRepository } from './customer-repository.js';
import { PostgresOrderEventStore } from './order-event-store.js';

// Real PostgreSQL (customer database, shared and persistent): unique emails, order and event ids per run.
const pool = createPool(testConfig().postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
const group = `order-event-store-test-${crypto.randomUUID()}`;
const store = new PostgresOrderEventStore(pool, group);
const created: string[] = [];

afterAll(async () => {
  await pool.query('DELETE FROM processed_messages WHERE consumer_group = $1', [group]);
  // Staff accounts made here would receive every later test run's staff notifications: remove them.
  await pool.query(`DELETE FROM customers WHERE id = ANY($1::uuid[]) AND role = 'staff'`, [created]);
  await pool.end();
});

const newCustomer = async (role: Role = 'customer', referredBy: string | null = null) => {
  const customer = await repository.create({
    email: `events-${crypto.randomUUID()}@store-int.test` as Email,
    passwordHash: 'x',
    name: 'Loyal',
    role,
    referredBy,
  });
  created.push(customer.id);
  return customer;
};
const points = async (id: string) => (await repository.findById(id))?.loyaltyPoints;
const processed = async (eventId: string) =>
  (await pool.query('SELECT 1 FROM processed_messages WHERE consumer_group = $1 AND message_id = $2', [group, eventId])).rowCount;
const note = (orderId: string, eventId: string): NewNotification => ({ kind: 'ORDER_PAID', subject: 's', body: 'b', orderId, eventId });

describe('PostgresOrderEventStore', () => {
  it('applies an event once however often it is delivered', async () => {
    const { id } = await newCustomer();
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    expect(await store.applyOnce(eventId, (fx) => fx.awardPoints(id, 37))).toEqual({ applied: true, result: true });
    expect(await store.isProcessed(eventId)).toBe(true);
    expect(await store.applyOnce(eventId, (fx) => fx.awardPoints(id, 37))).toEqual({ applied: false });
    expect(await points(id)).toBe(37n);
  });

  it('settles an event for an unknown customer without crediting or notifying', async () => {
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    const result = await store.applyOnce(eventId, async (fx) => ({
      awarded: await fx.awardPoints(crypto.randomUUID(), 10),
      notified: await fx.notifyCustomer(crypto.randomUUID(), note('o', eventId)),
    }));
    expect(result).toEqual({ applied: true, result: { awarded: false, notified: null } });
    expect(await processed(eventId)).toBe(1);
  });

  it('keeps no processed record and no effect when the work fails, so a redelivery can still apply it', async () => {
    const { id } = await newCustomer();
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    await expect(
      store.applyOnce(eventId, async (fx) => {
        await fx.notifyCustomer(id, note('o', eventId));
        // The balance CHECK (>= 0) rejects the update after the record was inserted in the same transaction.
        await fx.awardPoints(id, -1);
      }),
    ).rejects.toThrow();
    expect(await processed(eventId)).toBe(0);
    expect((await pool.query('SELECT 1 FROM notifications WHERE event_id = $1', [eventId])).rowCount).toBe(0);
    expect(await store.applyOnce(eventId, (fx) => fx.awardPoints(id, 5))).toEqual({ applied: true, result: true });
    expect(await points(id)).toBe(5n);
  });

  it('takes back at most the balance and never goes below zero', async () => {
    const { id } = await newCustomer();
    await store.applyOnce(`OrderPaid:${crypto.randomUUID()}`, (fx) => fx.awardPoints(id, 30));
    expect(await store.applyOnce(`OrderRefunded:${crypto.randomUUID()}`, (fx) => fx.revokePoints(id, 20))).toMatchObject({ result: 20 });
    expect(await store.applyOnce(`OrderRefunded:${crypto.randomUUID()}`, (fx) => fx.revokePoints(id, 20))).toMatchObject({ result: 10 });
    expect(await points(id)).toBe(0n);
  });

  it('writes a notification once per recipient, event and kind, and one for every staff account', async () => {
    const customer = await newCustomer();
    const staff = await newCustomer('staff');
    const eventId = `OrderPaid:${crypto.randomUUID()}`;
    const result = await store.applyOnce(eventId, async (fx) => ({
      own: await fx.notifyCustomer(customer.id, note('o', eventId)),
      again: await fx.notifyCustomer(customer.id, note('o', eventId)),
      staff: await fx.notifyStaff({ ...note('o', eventId), kind: 'STAFF_ORDER_PAID' }),
    }));
    if (!result.applied) throw new Error('not applied');
    expect(result.result.own).toEqual(expect.any(String));
    expect(result.result.again).toBeNull();
    const { rows } = await pool.query<{ customer_id: string; kind: string }>(
      'SELECT customer_id, kind FROM notifications WHERE id = ANY($1::uuid[])',
      [result.result.staff],
    );
    expect(rows).toContainEqual({ customer_id: staff.id, kind: 'STAFF_ORDER_PAID' });
    // Only staff: neither the customer nor the configured admins.
    const roles = await pool.query<{ role: string }>('SELECT DISTINCT role FROM customers WHERE id = ANY($1::uuid[])', [
      rows.map((r) => r.customer_id),
    ]);
    expect(roles.rows).toEqual([{ role: 'staff' }]);
  });

  it('keeps one commission row per order: earned once, reversed once', async () => {
    const referrer = await newCustomer();
    const referred = await newCustomer('customer', referrer.id);
    expect(await store.referrerOf(referred.id)).toBe(referrer.id);
    expect(await store.referrerOf(referrer.id)).toBeNull();
    const ids = { referrerId: referrer.id, referredCustomerId: referred.id };
    const earned = crypto.randomUUID();
    const apply = <T>(work: Parameters<typeof store.applyOnce<T>>[1]) => store.applyOnce(`Test:${crypto.randomUUID()}`, work);

    expect(await apply((fx) => fx.earnCommission({ orderId: earned, ...ids, amountCents: 250, state: 'EARNED' }))).toMatchObject({
      result: true,
    });
    expect(await apply((fx) => fx.earnCommission({ orderId: earned, ...ids, amountCents: 250, state: 'EARNED' }))).toMatchObject({
      result: false,
    });
    expect(await store.commissionOf(earned)).toEqual({ orderId: earned, ...ids, amountCents: 250, state: 'EARNED' });
    expect(await apply((fx) => fx.reverseCommission(earned))).toMatchObject({ result: true });
    expect(await apply((fx) => fx.reverseCommission(earned))).toMatchObject({ result: false });
    expect((await store.commissionOf(earned))?.state).toBe('REVERSED');

    expect(await store.commissionOf(crypto.randomUUID())).toBeNull();
  });
});
