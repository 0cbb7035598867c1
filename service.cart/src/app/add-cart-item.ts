import { assertQuantity, type CartLimits } from '../domain/cart-limits.js';
import { cartFull, outOfStock, quantityLimitExceeded, skuNotFound } from '../domain/cart-errors.js';
import type { CartStore, ProductCatalog } from './ports.js';

export interface AddCartItemCommand {
  customerId: string;
  skuId: string;
  quantity: number;
}

export interface AddedCartItem {
  skuId: string;
  /** Units of the SKU in the cart after the add. */
  quantity: number;
  available: number;
  /** True when the SKU was not in the cart before. */
  created: boolean;
}

/** Adds units of a SKU to the cart: the SKU must exist and the resulting line must fit the limits and the stock. */
export const makeAddCartItem =
  (deps: { store: CartStore; catalog: ProductCatalog; limits: CartLimits }) =>
  async ({ customerId, skuId, quantity }: AddCartItemCommand): Promise<AddedCartItem> => {
    assertQuantity(quantity, deps.limits);
    const available = (await deps.catalog.skuStock([skuId])).get(skuId);
    if (available === undefined) throw skuNotFound(skuId);
    const outcome = await deps.store.add(customerId, skuId, quantity, { limits: deps.limits, available });
    if (outcome.ok) return { skuId, quantity: outcome.quantity, available, created: outcome.created };
    const wanted = outcome.current + quantity;
    switch (outcome.violation) {
      case 'QUANTITY_LIMIT_EXCEEDED':
        throw quantityLimitExceeded(skuId, wanted, deps.limits.maxQuantityPerLine);
      case 'CART_FULL':
        throw cartFull(deps.limits.maxLines);
      case 'OUT_OF_STOCK':
        throw outOfStock(skuId, wanted, available);
    }
  };

export type AddCartItem = ReturnType<typeof makeAddCartItem>;
