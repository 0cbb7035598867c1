import type { CartLine } from '../domain/cart-line.js';
import type { CartStore } from './ports.js';

/** The raw lines of a cart (SKU id and quantity), for other services that price them themselves. */
export const makeGetCartLines =
  (deps: { store: CartStore }) =>
  (customerId: string): Promise<CartLine[]> =>
    deps.store.lines(customerId);

export type GetCartLines = ReturnType<typeof makeGetCartLines>;
