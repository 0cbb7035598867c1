import { priceCart, type CartView } from '../domain/cart-view.js';
import type { CartStore, ProductCatalog } from './ports.js';

const EMPTY = new Map<string, never>();

/** Reads a customer's cart and prices it with one batched facts call and one batched stock call, run in parallel. */
export const makeGetCart =
  (deps: { store: CartStore; catalog: ProductCatalog }) =>
  async (customerId: string): Promise<CartView> => {
    const lines = await deps.store.lines(customerId);
    if (lines.length === 0) return priceCart(lines, EMPTY, EMPTY);
    const skuIds = lines.map((line) => line.skuId);
    const [facts, stock] = await Promise.all([deps.catalog.skuFacts(skuIds), deps.catalog.skuStock(skuIds)]);
    return priceCart(lines, facts, stock);
  };

export type GetCart = ReturnType<typeof makeGetCart>;
