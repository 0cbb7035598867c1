import { randomUUID } from 'node:crypto';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { orderFixtures } from '../../../../test/order-fixtures.js';
import { config } from '../../../../test/order-harness.js';
import type { OrderAction } from '../../../domain/order-status.js';
import { createOrderHistory } from './order-history.js';
import { createOrderRepository } from './order-repository.js';

const pool = createPool(config.postgres, 'order');
const { transitions, paid: paidOrder } = orderFixtures(pool);
const orders = createOrderRepository(pool);
const history = createOrderHistory(pool);
afterAll(() => pool.end());

const staff = randomUUID();
const apply = (orderId: string, action: OrderAction, reason: string | null = null) =>
  transitions.apply({ orderId, action, actorId: staff, reason, cancelledBy: action === 'cancel' ? 'staff' : null });

describe('order transitions (locked row, history row, one local transaction)', () => {
  it('moves PAID → ACCEPTED → SHIPPED → DELIVERED with a history row per step, after the checkout', async () => {
    const order = await paidOrder();
    for (const action of ['accept', 'ship', 'deliver'] as const) await apply(order.id, action);
    expect(await orders.find(order.id)).toMatchObject({ status: 'DELIVERED', cancelledBy: null, refund: null });
    const rows = await history.after(order.id, 0);
    expect(rows.map((row) => [row.status, row.eventType, row.actorId])).toEqual([
      ['PAID', 'OrderPaid', null],
      ['ACCEPTED', 'OrderAccepted', staff],
      ['SHIPPED', 'OrderShipped', staff],
      ['DELIVERED', 'OrderDelivered', staff],
    ]);
    expect(rows.map((row) => row.seq)).toEqual([...rows.map((row) => row.seq)].sort((a, b) => a - b));
    // The snapshot's seq is the latest row's: a stream that starts there sends nothing twice.
    expect((await history.snapshot(order.id))?.seq).toBe(rows.at(-1)!.seq);
  });

  it('cancels a PAID or ACCEPTED order with the reason and who cancelled, refund not yet confirmed', async () => {
    const accepted = await paidOrder();
    await apply(accepted.id, 'accept');
    await apply(accepted.id, 'cancel', 'out of stock in the warehouse');
    expect(await orders.find(accepted.id)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'out of stock in the warehouse',
      cancelledBy: 'staff',
      refund: { refundIssuedAt: null, stockReturnedAt: null },
    });
    const last = (await history.after(accepted.id, 0)).at(-1);
    expect(last).toMatchObject({
      status: 'CANCELLED',
      eventType: 'OrderCancelled',
      actorId: staff,
      reason: 'out of stock in the warehouse',
    });
  });

  it('refuses a transition its status does not allow with 409 and the current status, and writes nothing', async () => {
    const order = await paidOrder();
    await expect(apply(order.id, 'ship')).rejects.toMatchObject({ reason: 'ORDER_STATUS_CONFLICT', details: { status: 'PAID' } });
    await apply(order.id, 'accept');
    await apply(order.id, 'ship');
    await expect(apply(order.id, 'cancel', 'too late')).rejects.toMatchObject({
      reason: 'ORDER_STATUS_CONFLICT',
      details: { status: 'SHIPPED' },
    });
    expect((await history.after(order.id, 0)).map((row) => row.eventType)).toEqual(['OrderPaid', 'OrderAccepted', 'OrderShipped']);
    await expect(apply(randomUUID(), 'accept')).rejects.toMatchObject({ reason: 'ORDER_NOT_FOUND' });
  });

  it('serializes concurrent transitions on the row lock: of ten accepts one wins, nine get 409', async () => {
    const order = await paidOrder();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => apply(order.id, 'accept')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => r.reason.reason)).toEqual(Array(9).fill('ORDER_STATUS_CONFLICT'));
    expect((await history.after(order.id, 0)).filter((row) => row.eventType === 'OrderAccepted')).toHaveLength(1);
  });

  it('serializes a cancel racing a ship: exactly one of them happens', async () => {
    const order = await paidOrder();
    await apply(order.id, 'accept');
    const [ship, cancel] = await Promise.allSettled([apply(order.id, 'ship'), apply(order.id, 'cancel', 'changed my mind')]);
    expect([ship.status, cancel.status].sort()).toEqual(['fulfilled', 'rejected']);
    const status = (await orders.find(order.id))!.status;
    expect(status).toBe(ship.status === 'fulfilled' ? 'SHIPPED' : 'CANCELLED');
  });
});
