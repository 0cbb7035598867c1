import { createEvent } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InMemoryCartStore } from '../../../../test/fakes/in-memory-cart-store.js';
import { makeRemoveBoughtItems } from '../../../app/remove-bought-items.js';
import { orderPaidHandler } from './order-paid-handler.js';

const delivery = { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 };
const paid = (orderId: string, data: Record<string, unknown>) => ({
  ...createEvent('OrderPaid', 'order', { order_id: orderId, customer_id: 'c1', total_cents: 1_000, ...data }),
  id: `OrderPaid:${orderId}`,
});

const setUp = () => {
  const store = new InMemoryCartStore();
  store.seed('c1', [
    { skuId: 'a', quantity: 3 },
    { skuId: 'b', quantity: 1 },
  ]);
  return { store, handle: orderPaidHandler(makeRemoveBoughtItems({ store }), pino({ level: 'silent' })) };
};

describe('orderPaidHandler', () => {
  it('removes the bought units once, however often the event is delivered, and reports a redelivery a duplicate', async () => {
    const { store, handle } = setUp();
    const event = paid('o-1', {
      items: [
        { sku_id: 'a', quantity: 2 },
        { sku_id: 'b', quantity: 1 },
        { sku_id: 'not-in-cart', quantity: 4 },
      ],
    });
    await expect(handle(event, delivery)).resolves.toBeUndefined();
    await expect(handle(event, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 1 }]);
  });

  it('throws on a malformed event so the broker retries and dead-letters it', async () => {
    const { store, handle } = setUp();
    await expect(handle(paid('o-2', { items: [{ sku_id: 'a', quantity: 0 }] }), delivery)).rejects.toMatchObject({
      reason: 'MALFORMED_EVENT',
    });
    await expect(handle(paid('o-3', { items: 'a' }), delivery)).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(await store.lines('c1')).toHaveLength(2);
  });
});
