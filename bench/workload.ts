import type { BenchCustomer } from './customers.js';
import type { BenchSku } from './catalog.js';

/** Uniform on [0, 1), like Math.random. */
export type Random = () => number;

/** A seeded generator (mulberry32): the same seed draws the same orders, so runs and both sides are comparable. */
export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** One checkout: who buys, and the lines as POST /api/v1/order takes them. */
export interface BenchOrder {
  customer: BenchCustomer;
  items: Array<{ sku_id: string; quantity: number }>;
}

export interface WorkloadShape {
  /** Distinct SKUs per order, drawn uniformly from 1..maxLines. */
  maxLines: number;
  /** Units per line, drawn uniformly from 1..maxQuantity. */
  maxQuantity: number;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Endless orders: a uniform customer, 1..maxLines distinct uniform SKUs, 1..maxQuantity units each. */
export const orderStream = (random: Random, customers: readonly BenchCustomer[], skus: readonly BenchSku[], shape: WorkloadShape) => {
  const lines = Math.min(shape.maxLines, skus.length);
  return (): BenchOrder => {
    const count = 1 + Math.floor(random() * lines);
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(pick(random, skus).skuId);
    return {
      customer: pick(random, customers),
      items: [...chosen].map((sku_id) => ({ sku_id, quantity: 1 + Math.floor(random() * shape.maxQuantity) })),
    };
  };
};
