import { cartItemNotFound } from '../domain/cart-errors.js';
import type { CartStore } from './ports.js';

/** Deletes a line from the cart; CART_ITEM_NOT_FOUND when it is not there. Never asks product. */
export const makeRemoveCartItem =
  (deps: { store: CartStore }) =>
  async (customerId: string, skuId: string): Promise<void> => {
    if (!(await deps.store.remove(customerId, skuId))) throw cartItemNotFound(skuId);
  };

export type RemoveCartItem = ReturnType<typeof makeRemoveCartItem>;
