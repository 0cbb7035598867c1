import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDispatchNotifications } from '../../../app/dispatch-notifications.js';
import type { OutgoingNotification } from '../../../app/ports.js';
import type { Email } from '../../../domain/email.js';
import { PostgresCustomerRepository } from './customer-repository.js';
import { PostgresNotificationInbox } from './notification-inbox.js';
import { MAX_SEND_ATTEMPTS, PostgresNotificationOutbox } from './notification-outbox.js';
import { PostgresOrderEventStore } from './order-event-store.js';

// Real PostgreSQL: notifications written as the consumer writes them, then sent through the outbox.
const pool = createPool(testConfig().postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
const group = `outbox-test-${crypto.randomUUID()}`;
const store = new PostgresOrderEventStore(pool, group);
const outbox = new PostgresNotificationOutbox(pool);
const inbox = new PostgresNotificationInbox(pool);
afterAll(async () => {
  await pool.query('DELETE FROM processed_messages WHERE consumer_group = $1', [group]);
  await pool.end();
});

const customerWithNotifications = async (count: number) => {
  const customer = await repository.create({
    email: `outbox-${crypto.randomUUID()}@outbox-int.test` as Email,
    passwordHash: 'x',
    name: '',
    role: 'customer',
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const eventId = `OrderShipped:${crypto.randomUUID()}`;
    const result = await store.applyOnce(eventId, (fx) =>
      fx.notifyCustomer(customer.id, { kind: 'ORDER_SHIPPED', subject: `n${i}`, body: 'b', orderId: crypto.randomUUID(), eventId }),
    );
    if (result.applied && result.result !== null) ids.push(result.result);
  }
  return { customer, ids };
};
const rowOf = async (id: string) =>
  (
    await pool.query<{ sent_at: Date | null; send_attempts: number; last_error: string | null }>(
      'SELECT sent_at, send_attempts, last_error FROM notifications WHERE id = $1',
      [id],
    )
  ).rows[0]!;

describe('PostgresNotificationOutbox', () => {
  it('keeps a notification whose send failed, counts the attempt, and sends it on a later pass', async () => {
    const { customer, ids } = await customerWithNotifications(2);
    const sent: OutgoingNotification[] = [];
    let down = true;
    const dispatch = makeDispatchNotifications({
      outbox,
      sender: { send: async (n) => (down ? Promise.reject(new Error('relay down')) : void sent.push(n)) },
      batchSize: 10,
    });
    const failed = await dispatch(ids);
    expect(failed).toMatchObject({ sent: 0, error: expect.objectContaining({ message: 'relay down' }) });
    // The first failure ends the pass: the second was not tried.
    expect(await rowOf(ids[0]!)).toEqual({ sent_at: null, send_attempts: 1, last_error: 'relay down' });
    expect((await rowOf(ids[1]!)).send_attempts).toBe(0);
    expect(await outbox.unsent(10, ids)).toEqual(ids);

    down = false;
    expect(await dispatch(ids)).toEqual({ sent: 2 });
    expect(sent.map((n) => ({ to: n.to, subject: n.subject }))).toEqual([
      { to: customer.email, subject: 'n0' },
      { to: customer.email, subject: 'n1' },
    ]);
    expect(await rowOf(ids[0]!)).toMatchObject({ send_attempts: 2, last_error: null, sent_at: expect.any(Date) });
    expect(await outbox.unsent(10, ids)).toEqual([]);
    expect(await dispatch(ids)).toEqual({ sent: 0 });
  });

  it('sends a notification once when two dispatchers reach it together', async () => {
    const { ids } = await customerWithNotifications(1);
    let sends = 0;
    const slowSend = async () => {
      sends += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    const results = await Promise.all([outbox.deliverBatch(1, ids, slowSend), outbox.deliverBatch(1, ids, slowSend)]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(sends).toBe(1);
  });

  it(`gives up on a notification after ${MAX_SEND_ATTEMPTS} failed attempts`, async () => {
    const { ids } = await customerWithNotifications(1);
    await pool.query('UPDATE notifications SET send_attempts = $2 WHERE id = $1', [ids[0], MAX_SEND_ATTEMPTS]);
    expect(await outbox.unsent(10, ids)).toEqual([]);
  });
});

describe('PostgresNotificationInbox', () => {
  it("pages the customer's notifications newest first, counts the unread, and marks read idempotently", async () => {
    const { customer, ids } = await customerWithNotifications(3);
    const page1 = await inbox.list(customer.id, { page: 1, pageSize: 2 });
    expect(page1.notifications.map((n) => n.subject)).toEqual(['n2', 'n1']);
    expect({ total: page1.total, unread: page1.unread }).toEqual({ total: 3, unread: 3 });
    expect((await inbox.list(customer.id, { page: 2, pageSize: 2 })).notifications.map((n) => n.id)).toEqual([ids[0]]);

    const read = await inbox.markRead(customer.id, ids[0]!);
    expect(read?.readAt).toBeInstanceOf(Date);
    expect((await inbox.markRead(customer.id, ids[0]!))?.readAt).toEqual(read?.readAt);
    expect(await inbox.markRead(crypto.randomUUID(), ids[1]!)).toBeNull();
    expect(await inbox.markRead(customer.id, 'not-a-uuid')).toBeNull();
    expect((await inbox.list(customer.id, { page: 1, pageSize: 10 })).unread).toBe(2);
    expect(await inbox.markAllRead(customer.id)).toBe(2);
    expect(await inbox.markAllRead(customer.id)).toBe(0);
    expect((await inbox.list(customer.id, { page: 1, pageSize: 10 })).unread).toBe(0);
  });
});
