import { createEvent } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeProductEvents, FakeStockReturnStore } from '../../../../test/fake-stock-returns.js';
import { FakeSkuViewFeed, steppingClock } from '../../../../test/fakes.js';
import { makeReturnStock } from '../../../app/return-stock.js';
import { orderCancelledHandler } from './order-cancelled-consumer.js';

const SKU = '00000000-0000-4000-8000-00000000000a';
const delivery = { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 };
const cancelled = (orderId: string, data: Record<string, unknown>) => ({
  ...createEvent('OrderCancelled', 'order', { order_id: orderId, customer_id: 'c-1', reason: 'CANCELLED', ...data }),
  id: `OrderCancelled:${orderId}`,
});

const setup = () => {
  const returns = new FakeStockReturnStore();
  const events = new FakeProductEvents();
  returns.levels.set(SKU, { available: 0, reserved: 0, sold: 3 });
  returns.reservations.set('x-1', { status: 'confirmed', lines: [{ skuId: SKU, quantity: 3 }] });
  const returnStock = makeReturnStock({ returns, events, skuViews: new FakeSkuViewFeed(), clock: steppingClock() });
  return { returns, events, handle: orderCancelledHandler(returnStock, pino({ level: 'silent' })) };
};

describe('orderCancelledHandler', () => {
  it('returns the stock of a paid order once and reports the redelivery a duplicate', async () => {
    const { returns, events, handle } = setup();
    const event = cancelled('o-1', { paid: true, xid: 'x-1', cancelled_by: 'customer' });
    await expect(handle(event, delivery)).resolves.toBeUndefined();
    await expect(handle(event, { ...delivery, deliveryAttempt: 2 })).resolves.toBe('duplicate');
    expect(returns.levels.get(SKU)).toEqual({ available: 3, reserved: 0, sold: 0 });
    // The redelivery announces the return again (same id): see return-stock.ts.
    expect(events.published.map((e) => e.id)).toEqual(['StockReturned:o-1', 'StockReturned:o-1']);
  });

  it('acknowledges a cancellation before payment (paid false or absent) without touching stock', async () => {
    const { returns, handle } = setup();
    await handle(cancelled('o-2', { paid: false, xid: 'x-1' }), delivery);
    await handle(cancelled('o-3', {}), delivery);
    expect(returns.processed.size).toBe(0);
    expect(returns.levels.get(SKU)!.sold).toBe(3);
  });

  it('throws on a paid cancellation without its xid, so it is retried and then dead-lettered', async () => {
    const { returns, handle } = setup();
    await expect(handle(cancelled('o-4', { paid: true }), delivery)).rejects.toMatchObject({ reason: 'MALFORMED_EVENT' });
    await expect(handle(cancelled('o-5', { paid: 'yes', xid: 'x-1' }), delivery)).rejects.toMatchObject({ reason: 'MALFORMED_EVENT' });
    expect(returns.processed.size).toBe(0);
  });

  it('ignores events of other types', async () => {
    const { returns, handle } = setup();
    await handle({ ...createEvent('OrderPaid', 'order', { order_id: 'o-6', paid: true, xid: 'x-1' }) }, delivery);
    expect(returns.processed.size).toBe(0);
  });
});
