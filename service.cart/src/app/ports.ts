import type { AddViolation, CartLimits, SetViolation } from '../domain/cart-limits.js';
import type { CartLine } from '../domain/cart-line.js';
import type { SkuFacts } from '../domain/cart-view.js';

export type AddOutcome = { ok: true; quantity: number; created: boolean } | { ok: false; violation: AddViolation; current: number };

export interface RemovalOutcome {
  /** False when the operation id had been applied before and nothing changed. */
  applied: boolean;
  /** The cart after the removal. */
  lines: CartLine[];
}

/** Where carts live. Every write is atomic with the checks it takes (domain/cart-limits.ts). */
export interface CartStore {
  /** The cart's lines, sorted by SKU id; empty for a customer without a cart. */
  lines(customerId: string): Promise<CartLine[]>;
  /** Adds `delta` units to a line (creating it) unless addViolation refuses; `available` is product's stock. */
  add(customerId: string, skuId: string, delta: number, guard: { limits: CartLimits; available: number }): Promise<AddOutcome>;
  /** Sets an existing line's quantity unless setViolation refuses. */
  set(customerId: string, skuId: string, quantity: number, available: number): Promise<SetViolation | null>;
  /** Deletes a line; false when it was not in the cart. */
  remove(customerId: string, skuId: string): Promise<boolean>;
  /** Takes units out of lines (a line at zero disappears), at most once per operation id when one is given. */
  removeUnits(customerId: string, units: readonly CartLine[], operationId: string | null): Promise<RemovalOutcome>;
}

/**
 * The cart's own copy of what a cart line shows about a SKU (title, variant, price, listing, stock): the read
 * model GET /cart_item answers from, so that a read needs no product call while the copy exists. Product's
 * SkuViewsChanged events refresh it as SKUs change; a view no event refreshed expires after the store's maximum
 * age, which bounds how stale a cart line can be when an event is lost.
 */
export interface SkuViews {
  /** The stored views: a SkuFacts, null when product did not know the SKU, absent when none is stored. */
  read(skuIds: readonly string[]): Promise<ReadonlyMap<string, SkuFacts | null>>;
  /**
   * Stores views product observed at `observedAtMs` (null: product does not know the SKU). A SKU whose stored
   * view was observed at the same time or later keeps it: a late event never overwrites a newer answer.
   */
  write(views: ReadonlyMap<string, SkuFacts | null>, observedAtMs: number): Promise<void>;
}

/** What the cart asks product about SKUs. Unknown SKUs are simply absent from the maps. */
export interface ProductCatalog {
  /** Title, variant, price and listing state of each known SKU, in one batched call. */
  skuFacts(skuIds: readonly string[]): Promise<ReadonlyMap<string, SkuFacts>>;
  /** Units still for sale of each known SKU, in one batched call. */
  skuStock(skuIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}
