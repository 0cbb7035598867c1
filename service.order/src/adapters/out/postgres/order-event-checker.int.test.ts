import { randomUUID } from 'node:crypto';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeOrderEvents } from '../../../../test/fakes/fake-order-events.js';
import { config } from '../../../../test/order-harness.js';
import type { NewOrder } from '../../../app/ports.js';
import { orderCancelled, orderPaid } from '../../../domain/order-event.js';
import { createOrderEventChecker } from './order-event-checker.js';
import { createOrderParticipant } from './order-participant.js';

const pool = createPool(config.postgres, 'order');
const participant = createOrderParticipant(pool, new FakeOrderEvents());
const check = createOrderEventChecker(pool);
afterAll(() => pool.end());

const pendingOrder = async (): Promise<NewOrder> => {
  const order: NewOrder = {
    id: randomUUID(),
    xid: randomUUID(),
    placedAt: new Date(),
    customerId: randomUUID(),
    idempotencyKey: null,
    totalCents: 1000n,
    items: [{ skuId: randomUUID(), title: 'Mug', quantity: 1, unitPriceCents: 1000n }],
  };
  await participant.try(order.xid, order);
  return order;
};

const eventsOf = (orderId: string) => {
  const at = new Date();
  return {
    paid: orderPaid({ order_id: orderId, customer_id: 'c', total_cents: 1000, items: [] }, at),
    cancelled: orderCancelled({ order_id: orderId, customer_id: 'c', reason: 'OUT_OF_STOCK' }, at),
  };
};

describe('order event checker (check-backs answered from the order database)', () => {
  it('answers UNKNOWN for both events while the order is PENDING', async () => {
    const { paid, cancelled } = eventsOf((await pendingOrder()).id);
    expect(await check(paid)).toBe('UNKNOWN');
    expect(await check(cancelled)).toBe('UNKNOWN');
  });

  it('commits OrderPaid and rolls back OrderCancelled once the order is PAID', async () => {
    const order = await pendingOrder();
    await participant.confirm(order.xid);
    const { paid, cancelled } = eventsOf(order.id);
    expect(await check(paid)).toBe('COMMIT');
    expect(await check(cancelled)).toBe('ROLLBACK');
  });

  it('commits OrderCancelled and rolls back OrderPaid once the order is CANCELLED', async () => {
    const order = await pendingOrder();
    await participant.cancel(order.xid);
    const { paid, cancelled } = eventsOf(order.id);
    expect(await check(cancelled)).toBe('COMMIT');
    expect(await check(paid)).toBe('ROLLBACK');
  });

  it('rolls back events of unknown orders, malformed ids and foreign types', async () => {
    expect(await check(eventsOf(randomUUID()).paid)).toBe('ROLLBACK');
    expect(await check(eventsOf('not-a-uuid').cancelled)).toBe('ROLLBACK');
    const order = await pendingOrder();
    await participant.confirm(order.xid);
    expect(await check({ ...eventsOf(order.id).paid, type: 'Probe' } as never)).toBe('ROLLBACK');
  });
});
