import { randomUUID } from 'node:crypto';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { orderFixtures } from '../../../../test/order-fixtures.js';
import { config } from '../../../../test/order-harness.js';
import { LOCAL_TRANSACTION_GRACE_MS, type OrderEvent } from '../../../domain/order-event.js';
import { createOrderEventChecker } from './order-event-checker.js';
import { createRefundConfirmations } from './refund-confirmations.js';

const pool = createPool(config.postgres, 'order');
const { participant, transitions, pending, paid } = orderFixtures(pool);
const mug = { title: 'Mug', quantity: 1, unitPriceCents: 1000n };
const pendingOrder = () => pending(mug);
const paidOrder = () => paid(mug);
const confirmations = createRefundConfirmations(pool, 'checker-test');
const check = createOrderEventChecker(pool);
afterAll(() => pool.end());

const staff = randomUUID();
const move = (orderId: string, action: 'accept' | 'ship' | 'deliver') =>
  transitions.apply({ orderId, action, actorId: staff, reason: null, cancelledBy: null });
const cancelPaid = (orderId: string) =>
  transitions.apply({ orderId, action: 'cancel', actorId: staff, reason: 'test', cancelledBy: 'staff' });

// Only what the checker reads: type, occurred_at, data.order_id and data.paid.
const eventOf = (type: string, orderId: string, options: { paid?: boolean; ageMs?: number } = {}) =>
  ({
    id: `${type}:${orderId}`,
    type,
    occurred_at: new Date(Date.now() - (options.ageMs ?? 0)).toISOString(),
    source: 'order',
    data: { order_id: orderId, customer_id: 'c', ...(options.paid === undefined ? {} : { paid: options.paid }) },
  }) as unknown as OrderEvent;
const OLD = LOCAL_TRANSACTION_GRACE_MS + 5_000;

describe('order event checker (check-backs answered from the order history)', () => {
  it('answers UNKNOWN for both checkout events while the order is PENDING', async () => {
    const { id } = await pendingOrder();
    expect(await check(eventOf('OrderPaid', id))).toBe('UNKNOWN');
    expect(await check(eventOf('OrderCancelled', id, { paid: false }))).toBe('UNKNOWN');
  });

  it('commits OrderPaid and rolls back the checkout OrderCancelled once the order is PAID', async () => {
    const { id } = await paidOrder();
    expect(await check(eventOf('OrderPaid', id))).toBe('COMMIT');
    expect(await check(eventOf('OrderCancelled', id, { paid: false }))).toBe('ROLLBACK');
  });

  it('commits the checkout OrderCancelled and rolls back OrderPaid once the checkout cancelled the order', async () => {
    const order = await pendingOrder();
    await participant.cancel(order.xid);
    expect(await check(eventOf('OrderCancelled', order.id, { paid: false }))).toBe('COMMIT');
    expect(await check(eventOf('OrderPaid', order.id))).toBe('ROLLBACK');
  });

  it('commits each fulfilment event once its transition committed, even after the order moved on', async () => {
    const { id } = await paidOrder();
    await move(id, 'accept');
    expect(await check(eventOf('OrderAccepted', id, { ageMs: OLD }))).toBe('COMMIT');
    await move(id, 'ship');
    // The order is SHIPPED now: the OrderAccepted half message is still true.
    expect(await check(eventOf('OrderAccepted', id, { ageMs: OLD }))).toBe('COMMIT');
    expect(await check(eventOf('OrderShipped', id))).toBe('COMMIT');
    await move(id, 'deliver');
    expect(await check(eventOf('OrderDelivered', id))).toBe('COMMIT');
    expect(await check(eventOf('OrderPaid', id, { ageMs: OLD }))).toBe('COMMIT');
  });

  it('waits (UNKNOWN) for a post-payment event without its history row while it is young, then rolls it back', async () => {
    const { id } = await paidOrder();
    for (const type of ['OrderAccepted', 'OrderShipped', 'OrderDelivered', 'OrderRefunded']) {
      expect(await check(eventOf(type, id)), type).toBe('UNKNOWN');
      expect(await check(eventOf(type, id, { ageMs: OLD })), type).toBe('ROLLBACK');
    }
    expect(await check(eventOf('OrderCancelled', id, { paid: true }))).toBe('UNKNOWN');
    expect(await check(eventOf('OrderCancelled', id, { paid: true, ageMs: OLD }))).toBe('ROLLBACK');
  });

  it('commits the paid OrderCancelled and, once both confirmations are in, OrderRefunded', async () => {
    const { id } = await paidOrder();
    await cancelPaid(id);
    expect(await check(eventOf('OrderCancelled', id, { paid: true, ageMs: OLD }))).toBe('COMMIT');
    await confirmations.record({ eventId: `RefundIssued:${id}`, orderId: id, step: 'refund', mayComplete: false });
    expect(await check(eventOf('OrderRefunded', id, { ageMs: OLD }))).toBe('ROLLBACK');
    await confirmations.record({ eventId: `StockReturned:${id}`, orderId: id, step: 'stock', mayComplete: true });
    expect(await check(eventOf('OrderRefunded', id, { ageMs: OLD }))).toBe('COMMIT');
  });

  it('rolls back events of unknown orders, malformed ids and foreign types', async () => {
    expect(await check(eventOf('OrderPaid', randomUUID()))).toBe('ROLLBACK');
    expect(await check(eventOf('OrderAccepted', randomUUID()))).toBe('ROLLBACK');
    expect(await check(eventOf('OrderCancelled', 'not-a-uuid'))).toBe('ROLLBACK');
    const { id } = await paidOrder();
    expect(await check(eventOf('Probe', id))).toBe('ROLLBACK');
  });
});
