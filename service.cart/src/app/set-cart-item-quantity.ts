import { assertQuantity, type CartLimits } from '../domain/cart-limits.js';
import { cartItemNotFound, outOfStock, skuNotFound } from '../domain/cart-errors.js';
import type { CartStore, ProductCatalog } from './ports.js';

export interface SetCartItemQuantityCommand {
  customerId: string;
  skuId: string;
  quantity: number;
}

export interface UpdatedCartItem {
  skuId: string;
  quantity: number;
  available: number;
}

/** Replaces the quantity of a line already in the cart; the SKU must exist and have the stock. */
export const makeSetCartItemQuantity =
  (deps: { store: CartStore; catalog: ProductCatalog; limits: CartLimits }) =>
  async ({ customerId, skuId, quantity }: SetCartItemQuantityCommand): Promise<UpdatedCartItem> => {
    assertQuantity(quantity, deps.limits);
    const available = (await deps.catalog.skuStock([skuId])).get(skuId);
    if (available === undefined) throw skuNotFound(skuId);
    const violation = await deps.store.set(customerId, skuId, quantity, available);
    if (violation === 'NOT_IN_CART') throw cartItemNotFound(skuId);
    if (violation === 'OUT_OF_STOCK') throw outOfStock(skuId, quantity, available);
    return { skuId, quantity, available };
  };

export type SetCartItemQuantity = ReturnType<typeof makeSetCartItemQuantity>;
