import { priceCart, type CartView } from '../domain/cart-view.js';
import type { CartStore, ProductCatalog } from './ports.js';

const EMPTY = new Map<string, never>();

/** Reads a customer's cart and prices and checks it with ONE batched GetSkuProperties call (facts and stock). */
export const makeGetCart =
  (deps: { store: CartStore; catalog: ProductCatalog }) =>
  async (customerId: string): Promise<CartView> => {
    const lines = await deps.store.lines(customerId);
    if (lines.length === 0) return priceCart(lines, EMPTY, EMPTY);
    const skuIds = lines.map((line) => line.skuId);
    const facts = await deps.catalog.skuFacts(skuIds);
    const stock = new Map([...facts].map(([skuId, fact]) => [skuId, fact.available]));
    return priceCart(lines, facts, stock);
  };

export type GetCart = ReturnType<typeof makeGetCart>;
