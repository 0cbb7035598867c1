import { priceCart, type CartView, type SkuFacts } from '../domain/cart-view.js';
import type { CartStore, ProductCatalog, SkuViews } from './ports.js';

const EMPTY = new Map<string, never>();

/**
 * Reads a customer's cart and prices and checks it from the SKU views (the cart's read model); SKUs without a
 * view are asked of product in ONE batched GetSkuProperties call and stored for the next reads. Without
 * `views` every read asks product.
 */
export const makeGetCart =
  (deps: { store: CartStore; catalog: ProductCatalog; views?: SkuViews }) =>
  async (customerId: string): Promise<CartView> => {
    const lines = await deps.store.lines(customerId);
    if (lines.length === 0) return priceCart(lines, EMPTY, EMPTY);
    const skuIds = lines.map((line) => line.skuId);
    const stored = deps.views === undefined ? EMPTY : await deps.views.read(skuIds);
    const missing = skuIds.filter((skuId) => !stored.has(skuId));
    const facts = new Map<string, SkuFacts>();
    for (const [skuId, view] of stored) if (view !== null) facts.set(skuId, view);
    if (missing.length > 0) {
      // Stamped before the call: an event product sends after reading newer facts wins over this answer.
      const observedAtMs = Date.now();
      const fetched = await deps.catalog.skuFacts(missing);
      for (const [skuId, fact] of fetched) facts.set(skuId, fact);
      await deps.views?.write(new Map(missing.map((skuId) => [skuId, fetched.get(skuId) ?? null])), observedAtMs);
    }
    const stock = new Map([...facts].map(([skuId, fact]) => [skuId, fact.available]));
    return priceCart(lines, facts, stock);
  };

export type GetCart = ReturnType<typeof makeGetCart>;
