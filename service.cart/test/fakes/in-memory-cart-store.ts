import type { AddOutcome, CartStore } from '../../src/app/ports.js';
import { addViolation, setViolation } from '../../src/domain/cart-limits.js';
import { sortLines, type CartLine } from '../../src/domain/cart-line.js';

/** A CartStore in memory that applies the domain rules, as the Redis store's Lua scripts do. */
export class InMemoryCartStore implements CartStore {
  readonly carts = new Map<string, Map<string, number>>();
  private readonly operations = new Set<string>();

  private cart(customerId: string): Map<string, number> {
    let cart = this.carts.get(customerId);
    if (cart === undefined) this.carts.set(customerId, (cart = new Map()));
    return cart;
  }

  /** Puts lines in a cart directly, bypassing every rule (test set-up). */
  seed(customerId: string, lines: CartLine[]): void {
    for (const line of lines) this.cart(customerId).set(line.skuId, line.quantity);
  }

  async lines(customerId: string): Promise<CartLine[]> {
    return sortLines([...this.cart(customerId)].map(([skuId, quantity]) => ({ skuId, quantity })));
  }

  async add(customerId: string, skuId: string, delta: number, guard: Parameters<CartStore['add']>[3]): Promise<AddOutcome> {
    const cart = this.cart(customerId);
    const current = cart.get(skuId) ?? 0;
    const violation = addViolation({ current, lineCount: cart.size, delta, ...guard });
    if (violation !== null) return { ok: false, violation, current };
    cart.set(skuId, current + delta);
    return { ok: true, quantity: current + delta, created: current === 0 };
  }

  async set(customerId: string, skuId: string, quantity: number, available: number) {
    const cart = this.cart(customerId);
    const violation = setViolation(cart.has(skuId), quantity, available);
    if (violation === null) cart.set(skuId, quantity);
    return violation;
  }

  async remove(customerId: string, skuId: string): Promise<boolean> {
    return this.cart(customerId).delete(skuId);
  }

  async removeUnits(customerId: string, units: readonly CartLine[], operationId: string | null) {
    const key = `${customerId}/${operationId}`;
    if (operationId !== null && this.operations.has(key)) return { applied: false, lines: await this.lines(customerId) };
    if (operationId !== null) this.operations.add(key);
    const cart = this.cart(customerId);
    for (const unit of units) {
      const left = (cart.get(unit.skuId) ?? 0) - unit.quantity;
      if (left > 0) cart.set(unit.skuId, left);
      else cart.delete(unit.skuId);
    }
    return { applied: true, lines: await this.lines(customerId) };
  }
}
