import { describe, expect, it } from 'vitest';
import { InMemoryCartStore } from '../../test/fakes/in-memory-cart-store.js';
import { makeRemoveBoughtItems } from './remove-bought-items.js';
import { makeRemoveCartItem } from './remove-cart-item.js';

describe('removeCartItem', () => {
  it('deletes a line, and answers CART_ITEM_NOT_FOUND the second time', async () => {
    const store = new InMemoryCartStore();
    store.seed('c1', [{ skuId: 'a', quantity: 2 }]);
    const remove = makeRemoveCartItem({ store });
    await remove('c1', 'a');
    expect(await store.lines('c1')).toEqual([]);
    await expect(remove('c1', 'a')).rejects.toMatchObject({ kind: 'NOT_FOUND', reason: 'CART_ITEM_NOT_FOUND' });
  });
});

describe('removeBoughtItems', () => {
  it('decrements bought units, drops emptied lines, and applies an operation once', async () => {
    const store = new InMemoryCartStore();
    store.seed('c1', [
      { skuId: 'a', quantity: 3 },
      { skuId: 'b', quantity: 1 },
    ]);
    const removeBought = makeRemoveBoughtItems({ store });
    const command = {
      customerId: 'c1',
      units: [
        { skuId: 'a', quantity: 1 },
        { skuId: 'b', quantity: 1 },
      ],
      operationId: 'order-1',
    };
    expect(await removeBought(command)).toEqual({ applied: true, lines: [{ skuId: 'a', quantity: 2 }] });
    expect(await removeBought(command)).toEqual({ applied: false, lines: [{ skuId: 'a', quantity: 2 }] });
  });
});
