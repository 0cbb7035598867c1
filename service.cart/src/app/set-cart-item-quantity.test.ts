import type { AppError } from '@micro-ecommerce/pkg/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeProductCatalog } from '../../test/fakes/fake-product-catalog.js';
import { InMemoryCartStore } from '../../test/fakes/in-memory-cart-store.js';
import { makeSetCartItemQuantity } from './set-cart-item-quantity.js';

let store: InMemoryCartStore;
let setQuantity: ReturnType<typeof makeSetCartItemQuantity>;

beforeEach(() => {
  store = new InMemoryCartStore();
  store.seed('c1', [{ skuId: 'a', quantity: 1 }]);
  const catalog = new FakeProductCatalog().put('a', { available: 3 }).put('b');
  setQuantity = makeSetCartItemQuantity({ store, catalog, limits: { maxLines: 10, maxQuantityPerLine: 5 } });
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as AppError,
  );

describe('setCartItemQuantity', () => {
  it('replaces the quantity of a line (down as well as up)', async () => {
    expect(await setQuantity({ customerId: 'c1', skuId: 'a', quantity: 3 })).toEqual({ skuId: 'a', quantity: 3, available: 3 });
    await setQuantity({ customerId: 'c1', skuId: 'a', quantity: 2 });
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 2 }]);
  });

  it('answers CART_ITEM_NOT_FOUND for a SKU that exists but is not in the cart, and creates nothing', async () => {
    expect(await failure(setQuantity({ customerId: 'c1', skuId: 'b', quantity: 1 }))).toMatchObject({ reason: 'CART_ITEM_NOT_FOUND' });
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 1 }]);
  });

  it('answers SKU_NOT_FOUND for a SKU product does not know', async () => {
    expect(await failure(setQuantity({ customerId: 'c1', skuId: 'zzz', quantity: 1 }))).toMatchObject({ reason: 'SKU_NOT_FOUND' });
  });

  it('refuses more than the stock with OUT_OF_STOCK and keeps the old quantity', async () => {
    expect(await failure(setQuantity({ customerId: 'c1', skuId: 'a', quantity: 4 }))).toMatchObject({ reason: 'OUT_OF_STOCK' });
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 1 }]);
  });

  it('refuses a quantity above the per-line limit as an invalid quantity', async () => {
    const error = await failure(setQuantity({ customerId: 'c1', skuId: 'a', quantity: 6 }));
    expect(error).toMatchObject({ kind: 'INVALID_ARGUMENT', details: { fields: [{ field: 'quantity', message: 'must be at most 5' }] } });
  });
});
