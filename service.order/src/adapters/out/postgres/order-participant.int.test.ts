import { randomUUID } from 'node:crypto';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { config } from '../../../../test/order-harness.js';
import { FakeOrderEvents } from '../../../../test/fakes/fake-order-events.js';
import type { NewOrder } from '../../../app/ports.js';
import { createOrderParticipant } from './order-participant.js';
import { createOrderRepository } from './order-repository.js';

const pool = createPool(config.postgres, 'order');
const events = new FakeOrderEvents();
const participant = createOrderParticipant(pool, events);
const orders = createOrderRepository(pool);
afterAll(() => pool.end());

const newOrder = (idempotencyKey: string | null = null): NewOrder => ({
  id: randomUUID(),
  xid: randomUUID(),
  placedAt: new Date(),
  customerId: randomUUID(),
  idempotencyKey,
  totalCents: 2500n,
  items: [{ skuId: randomUUID(), title: 'Lamp', quantity: 2, unitPriceCents: 1250n }],
});

describe('order participant (the order branch behind the barrier)', () => {
  it('inserts PENDING on try, once, and PAID on confirm, once', async () => {
    const order = newOrder();
    await participant.try(order.xid, order);
    await participant.try(order.xid, order); // a retried try is a duplicate, not a second order
    expect(await orders.findById(order.customerId, order.id)).toMatchObject({ status: 'PENDING', totalCents: 2500n });
    await participant.confirm(order.xid);
    await participant.confirm(order.xid);
    expect(await orders.findById(order.customerId, order.id)).toMatchObject({ status: 'PAID', cancelReason: null });
    expect((await orders.list({ customerId: order.customerId, status: null }, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('cancels with the reason the coordinator logged, or CANCELLED when none', async () => {
    const logged = newOrder();
    await pool.query(
      `INSERT INTO tcc_global_tx (xid, state, branches, reason, deadline, next_attempt_at)
       VALUES ($1, 'CANCELLED', '[]', 'INSUFFICIENT_FUNDS', now(), now())`,
      [logged.xid],
    );
    await participant.try(logged.xid, logged);
    await participant.cancel(logged.xid);
    expect(await orders.findById(logged.customerId, logged.id)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'INSUFFICIENT_FUNDS',
      cancelledBy: 'checkout',
      refund: null,
    });

    const unlogged = newOrder();
    await participant.try(unlogged.xid, unlogged);
    await participant.cancel(unlogged.xid);
    expect(await orders.findById(unlogged.customerId, unlogged.id)).toMatchObject({ cancelReason: 'CANCELLED' });
  });

  it('refuses a try that arrives after its cancel (ABORTED) and creates no order', async () => {
    const order = newOrder();
    await participant.cancel(order.xid); // empty rollback
    await expect(participant.try(order.xid, order)).rejects.toMatchObject({ kind: 'ABORTED', reason: 'TRANSACTION_CANCELLED' });
    expect(await orders.findById(order.customerId, order.id)).toBeNull();
  });

  it('refuses a second order under a used Idempotency-Key and rolls back its barrier row', async () => {
    const first = newOrder('same-key');
    const second = { ...newOrder('same-key'), customerId: first.customerId };
    await participant.try(first.xid, first);
    await expect(participant.try(second.xid, second)).rejects.toMatchObject({ reason: 'IDEMPOTENCY_KEY_IN_USE' });
    const { rowCount } = await pool.query(`SELECT 1 FROM tcc_barrier WHERE xid = $1`, [second.xid]);
    expect(rowCount).toBe(0);
  });

  it('announces a confirm with OrderPaid and a cancel with OrderCancelled, around their local transaction', async () => {
    const paid = newOrder();
    await participant.try(paid.xid, paid);
    await participant.confirm(paid.xid);
    expect(events.published.filter((e) => e.data.order_id === paid.id)).toEqual([
      expect.objectContaining({
        id: `OrderPaid:${paid.id}`,
        type: 'OrderPaid',
        data: {
          order_id: paid.id,
          customer_id: paid.customerId,
          total_cents: 2500,
          items: [{ sku_id: paid.items[0]!.skuId, quantity: 2 }],
        },
      }),
    ]);

    const cancelled = newOrder();
    await participant.try(cancelled.xid, cancelled);
    await participant.cancel(cancelled.xid);
    expect(events.published.filter((e) => e.data.order_id === cancelled.id)).toEqual([
      expect.objectContaining({
        id: `OrderCancelled:${cancelled.id}`,
        data: {
          order_id: cancelled.id,
          customer_id: cancelled.customerId,
          reason: 'CANCELLED',
          paid: false,
          cancelled_by: 'checkout',
          xid: cancelled.xid,
          total_cents: 2500,
          items: [{ sku_id: cancelled.items[0]!.skuId, quantity: 2 }],
        },
      }),
    ]);
  });

  it('announces nothing for an empty rollback, nor a paid order for a cancelled one', async () => {
    const order = newOrder();
    const before = events.published.length;
    await participant.cancel(order.xid); // empty rollback: no order exists
    expect(events.published.length).toBe(before);
    const cancelled = newOrder();
    await participant.try(cancelled.xid, cancelled);
    await participant.cancel(cancelled.xid);
    await participant.confirm(cancelled.xid); // out of protocol: must not announce OrderPaid
    expect(events.published.filter((e) => e.data.order_id === cancelled.id).map((e) => e.type)).toEqual(['OrderCancelled']);
  });

  it('writes one history row per checkout outcome, however often confirm and cancel are repeated', async () => {
    const paid = newOrder();
    await participant.try(paid.xid, paid);
    await participant.confirm(paid.xid);
    await participant.confirm(paid.xid);
    const cancelled = newOrder();
    await participant.try(cancelled.xid, cancelled);
    await participant.cancel(cancelled.xid);
    await participant.cancel(cancelled.xid);
    const { rows } = await pool.query(
      `SELECT order_id, status, event_type, actor_id FROM order_status_history WHERE order_id = ANY($1) ORDER BY seq`,
      [[paid.id, cancelled.id]],
    );
    expect(rows).toEqual([
      { order_id: paid.id, status: 'PAID', event_type: 'OrderPaid', actor_id: null },
      { order_id: cancelled.id, status: 'CANCELLED', event_type: 'OrderCancelled', actor_id: null },
    ]);
  });

  it('re-announces OrderPaid on a duplicate confirm after the order moved on (recovery after fulfilment started)', async () => {
    const order = newOrder();
    await participant.try(order.xid, order);
    await participant.confirm(order.xid);
    // As staff's accept writes it: the status and its history row (scripts/invariants.ts checks they agree).
    await pool.query(`UPDATE orders SET status = 'ACCEPTED' WHERE id = $1`, [order.id]);
    await pool.query(`INSERT INTO order_status_history (order_id, status, event_type) VALUES ($1, 'ACCEPTED', 'OrderAccepted')`, [
      order.id,
    ]);
    await participant.confirm(order.xid); // must not fail forever because the order is no longer PAID
    await participant.cancel(order.xid); // a paid order is never cancelled by the checkout
    expect(await orders.find(order.id)).toMatchObject({ status: 'ACCEPTED', cancelledBy: null });
    expect(events.published.filter((e) => e.data.order_id === order.id).map((e) => e.type)).toEqual(['OrderPaid', 'OrderPaid']);
  });
});
