import { defineScript, type Redis } from '@micro-ecommerce/pkg/redis';
import type { AddOutcome, CartStore } from '../../../app/ports.js';
import type { AddViolation, SetViolation } from '../../../domain/cart-limits.js';
import { sortLines, type CartLine } from '../../../domain/cart-line.js';
import { ADD_LINE, REMOVE_UNITS, SET_LINE } from './cart-scripts.js';

export interface RedisCartStoreOptions {
  /** An untouched cart expires after this many seconds; every add or set restarts the clock. */
  ttlSeconds: number;
}

// Long enough to outlive any redelivery of the message that triggered a removal.
const OPERATION_MARKER_TTL_SECONDS = 24 * 60 * 60;

/** The Redis key of a customer's cart: a hash of sku id → quantity. Other readers (benchmarks, tools) rely on it. */
export const cartKey = (customerId: string): string => `cart:${customerId}`;

const operationKey = (customerId: string, operationId: string): string => `cart-removal:${customerId}:${operationId}`;

const fromFlatPairs = (flat: string[]): CartLine[] => {
  const lines: CartLine[] = [];
  for (let i = 0; i < flat.length; i += 2) lines.push({ skuId: flat[i]!, quantity: Number(flat[i + 1]) });
  return sortLines(lines);
};

/** Carts as Redis hashes `cart:{customerId}` (field = sku id, value = quantity), with atomic Lua writes. */
export const createRedisCartStore = (redis: Redis, options: RedisCartStoreOptions): CartStore => {
  const addLine = defineScript(redis, 'cartAddLine', ADD_LINE);
  const setLine = defineScript(redis, 'cartSetLine', SET_LINE);
  const removeUnits = defineScript(redis, 'cartRemoveUnits', REMOVE_UNITS);

  return {
    async lines(customerId) {
      const hash = await redis.hgetall(cartKey(customerId));
      const lines: CartLine[] = [];
      for (const skuId in hash) lines.push({ skuId, quantity: Number(hash[skuId]) });
      return sortLines(lines);
    },

    async add(customerId, skuId, delta, { limits, available }): Promise<AddOutcome> {
      const [verdict, current, quantity] = (await addLine(
        1,
        cartKey(customerId),
        skuId,
        delta,
        limits.maxQuantityPerLine,
        limits.maxLines,
        available,
        options.ttlSeconds,
      )) as [string, number, number?];
      if (verdict === 'OK') return { ok: true, quantity: quantity!, created: current === 0 };
      return { ok: false, violation: verdict as AddViolation, current };
    },

    async set(customerId, skuId, quantity, available) {
      const verdict = (await setLine(1, cartKey(customerId), skuId, quantity, available, options.ttlSeconds)) as string;
      return verdict === 'OK' ? null : (verdict as SetViolation);
    },

    async remove(customerId, skuId) {
      return (await redis.hdel(cartKey(customerId), skuId)) === 1;
    },

    async removeUnits(customerId, units, operationId) {
      const keys = operationId === null ? [cartKey(customerId)] : [cartKey(customerId), operationKey(customerId, operationId)];
      const pairs = units.flatMap((unit) => [unit.skuId, unit.quantity]);
      const [applied, flat] = (await removeUnits(keys.length, ...keys, OPERATION_MARKER_TTL_SECONDS, ...pairs)) as [number, string[]];
      return { applied: applied === 1, lines: fromFlatPairs(flat) };
    },
  };
};
