import { describe, expect, it } from 'vitest';
import { FakeReservationStore } from '../../test/fake-reservation-store.js';
import { FakeSkuViewFeed } from '../../test/fakes.js';
import { makeStockUseCases } from './stock-use-cases.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const setup = () => {
  const reservations = new FakeReservationStore();
  reservations.levels.set(A, { available: 5, reserved: 0, sold: 0 });
  reservations.levels.set(B, { available: 1, reserved: 0, sold: 0 });
  const skuViews = new FakeSkuViewFeed();
  return { reservations, skuViews, stock: makeStockUseCases({ reservations, skuViews }) };
};

describe('stock branch use cases', () => {
  it('reserves every item, then confirm sells them once', async () => {
    const { reservations, stock } = setup();
    expect(await stock.tryReserveStock({ xid: 'x1', items: [{ skuId: A, quantity: 2 }] })).toBe('applied');
    expect(await stock.tryReserveStock({ xid: 'x1', items: [{ skuId: A, quantity: 2 }] })).toBe('duplicate');
    expect(reservations.levels.get(A)).toEqual({ available: 3, reserved: 2, sold: 0 });
    expect(await stock.confirmReserve('x1')).toBe('applied');
    expect(await stock.confirmReserve('x1')).toBe('duplicate');
    expect(reservations.levels.get(A)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it('tells the SKU view feed when available units change: an applied try and cancel, not a confirm', async () => {
    const { skuViews, stock } = setup();
    await stock.tryReserveStock({ xid: 'x4', items: [{ skuId: A, quantity: 1 }] });
    await stock.tryReserveStock({ xid: 'x4', items: [{ skuId: A, quantity: 1 }] });
    await stock.tryReserveStock({ xid: 'x5', items: [{ skuId: B, quantity: 1 }] });
    await stock.confirmReserve('x5');
    await stock.cancelReserve('x4');
    await stock.cancelReserve('x4');
    await stock.cancelReserve('never-tried');
    expect(skuViews.marked.filter((ids) => ids.length > 0)).toEqual([[A], [B], [A]]);
  });

  it('reserves nothing when one item is out of stock', async () => {
    const { reservations, stock } = setup();
    await expect(
      stock.tryReserveStock({
        xid: 'x2',
        items: [
          { skuId: A, quantity: 1 },
          { skuId: B, quantity: 2 },
        ],
      }),
    ).rejects.toMatchObject({ reason: 'OUT_OF_STOCK', details: { sku_id: B, requested: 2, available: 1 } });
    expect(reservations.levels.get(A)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('refuses a try that arrives after its cancel with ABORTED TRANSACTION_CANCELLED', async () => {
    const { reservations, stock } = setup();
    expect(await stock.cancelReserve('x3')).toBe('empty-rollback');
    await expect(stock.tryReserveStock({ xid: 'x3', items: [{ skuId: A, quantity: 1 }] })).rejects.toMatchObject({
      kind: 'ABORTED',
      reason: 'TRANSACTION_CANCELLED',
    });
    expect(reservations.levels.get(A)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('validates the xid before touching the store', async () => {
    const { stock } = setup();
    await expect(stock.confirmReserve('')).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(stock.cancelReserve('')).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(stock.tryReserveStock({ xid: '', items: [{ skuId: A, quantity: 1 }] })).rejects.toMatchObject({
      kind: 'INVALID_ARGUMENT',
    });
  });
});
