import { describe, expect, it } from 'vitest';
import { FakeProductEvents, FakeStockReturnStore } from '../../test/fake-stock-returns.js';
import { FakeSkuViewFeed, steppingClock } from '../../test/fakes.js';
import { makeReturnStock } from './return-stock.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const lines = [
  { skuId: A, quantity: 2 },
  { skuId: B, quantity: 1 },
];

const setup = () => {
  const returns = new FakeStockReturnStore();
  const events = new FakeProductEvents();
  const skuViews = new FakeSkuViewFeed();
  returns.levels.set(A, { available: 1, reserved: 0, sold: 2 });
  returns.levels.set(B, { available: 0, reserved: 0, sold: 1 });
  return { returns, events, skuViews, returnStock: makeReturnStock({ returns, events, skuViews, clock: steppingClock() }) };
};
const command = { eventId: 'OrderCancelled:o-1', orderId: 'o-1', xid: 'x-1' };

describe('returnStock', () => {
  it('moves the sold units back to available once, publishes StockReturned with them (again on a redelivery) and tells the feed', async () => {
    const { returns, events, skuViews, returnStock } = setup();
    returns.reservations.set('x-1', { status: 'confirmed', lines });
    expect(await returnStock(command)).toBe('RETURNED');
    // A redelivery (the process died before acknowledging) moves nothing but announces the return again, in case
    // the first announcement died with the process.
    expect(await returnStock(command)).toBe('DUPLICATE');
    expect(returns.levels.get(A)).toEqual({ available: 3, reserved: 0, sold: 0 });
    expect(returns.levels.get(B)).toEqual({ available: 1, reserved: 0, sold: 0 });
    expect(events.published).toHaveLength(2);
    expect(events.published[1]).toMatchObject({ id: events.published[0]!.id, data: events.published[0]!.data });
    expect(events.published[0]).toMatchObject({
      id: 'StockReturned:o-1',
      data: {
        order_id: 'o-1',
        xid: 'x-1',
        items: [
          { sku_id: A, quantity: 2 },
          { sku_id: B, quantity: 1 },
        ],
      },
    });
    expect(skuViews.marked).toEqual([[A, B]]);
  });

  it('throws NOT_YET_CONFIRMED while the checkout’s confirm is pending, changing and publishing nothing', async () => {
    const { returns, events, returnStock } = setup();
    returns.reservations.set('x-1', { status: 'reserved', lines });
    await expect(returnStock(command)).rejects.toMatchObject({ reason: 'NOT_YET_CONFIRMED' });
    expect(returns.processed.size + events.published.length + returns.returns.length).toBe(0);
  });

  it('records a cancelled or absent reservation as processed, returning and publishing nothing', async () => {
    const { returns, events, returnStock } = setup();
    returns.reservations.set('x-1', { status: 'cancelled', lines });
    expect(await returnStock(command)).toBe('RESERVATION_CANCELLED');
    expect(await returnStock({ eventId: 'OrderCancelled:o-2', orderId: 'o-2', xid: 'x-2' })).toBe('RESERVATION_ABSENT');
    expect(await returnStock(command)).toBe('DUPLICATE');
    expect(returns.processed).toEqual(new Set(['OrderCancelled:o-1', 'OrderCancelled:o-2']));
    expect(events.published).toEqual([]);
    expect(returns.levels.get(A)!.sold).toBe(2);
  });
});
