import { AppError } from '@micro-ecommerce/pkg/errors';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeProductCatalog } from '../../test/fakes/fake-product-catalog.js';
import { InMemoryCartStore } from '../../test/fakes/in-memory-cart-store.js';
import { makeAddCartItem } from './add-cart-item.js';

const limits = { maxLines: 2, maxQuantityPerLine: 5 };
let store: InMemoryCartStore;
let catalog: FakeProductCatalog;
let addCartItem: ReturnType<typeof makeAddCartItem>;

beforeEach(() => {
  store = new InMemoryCartStore();
  catalog = new FakeProductCatalog().put('a', { available: 4 }).put('b').put('c');
  addCartItem = makeAddCartItem({ store, catalog, limits });
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as AppError,
  );

describe('addCartItem', () => {
  it('creates a line, then increases it', async () => {
    expect(await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 1 })).toEqual({
      skuId: 'a',
      quantity: 1,
      available: 4,
      created: true,
    });
    expect(await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 2 })).toEqual({
      skuId: 'a',
      quantity: 3,
      available: 4,
      created: false,
    });
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 3 }]);
  });

  it('asks product for the stock of that one SKU only', async () => {
    await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 1 });
    expect(catalog.calls).toEqual([{ method: 'skuStock', skuIds: ['a'] }]);
  });

  it('refuses an unknown SKU with SKU_NOT_FOUND and writes nothing', async () => {
    const error = await failure(addCartItem({ customerId: 'c1', skuId: 'nope', quantity: 1 }));
    expect(error).toMatchObject({ kind: 'NOT_FOUND', reason: 'SKU_NOT_FOUND', details: { sku_id: 'nope' } });
    expect(await store.lines('c1')).toEqual([]);
  });

  it('refuses a resulting quantity above the stock with OUT_OF_STOCK (409) and keeps the line', async () => {
    await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 3 });
    const error = await failure(addCartItem({ customerId: 'c1', skuId: 'a', quantity: 2 }));
    expect(error).toMatchObject({ reason: 'OUT_OF_STOCK', httpStatus: 409, details: { sku_id: 'a', requested: 5, available: 4 } });
    expect(await store.lines('c1')).toEqual([{ skuId: 'a', quantity: 3 }]);
  });

  it('refuses a line past the per-line limit with QUANTITY_LIMIT_EXCEEDED', async () => {
    catalog.put('a', { available: 100 });
    await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 5 });
    const error = await failure(addCartItem({ customerId: 'c1', skuId: 'a', quantity: 1 }));
    expect(error).toMatchObject({ reason: 'QUANTITY_LIMIT_EXCEEDED', httpStatus: 409 });
  });

  it('refuses a new line in a full cart with CART_FULL but still increases existing lines', async () => {
    await addCartItem({ customerId: 'c1', skuId: 'a', quantity: 1 });
    await addCartItem({ customerId: 'c1', skuId: 'b', quantity: 1 });
    expect(await failure(addCartItem({ customerId: 'c1', skuId: 'c', quantity: 1 }))).toMatchObject({ reason: 'CART_FULL' });
    expect((await addCartItem({ customerId: 'c1', skuId: 'b', quantity: 1 })).quantity).toBe(2);
  });

  it('refuses a non-positive quantity before calling product', async () => {
    expect(await failure(addCartItem({ customerId: 'c1', skuId: 'a', quantity: 0 }))).toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(catalog.calls).toEqual([]);
  });

  it('lets a product outage through unchanged', async () => {
    catalog.failure = new AppError('UNAVAILABLE', 'down');
    expect(await failure(addCartItem({ customerId: 'c1', skuId: 'a', quantity: 1 }))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(await store.lines('c1')).toEqual([]);
  });
});
