import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ADD_RULE_CASES, RULE_LIMITS } from '../../../../test/add-rule-cases.js';
import { cartKey, createRedisCartStore } from './redis-cart-store.js';

const redis = createRedis(testConfig().redis.url);
const store = createRedisCartStore(redis, { ttlSeconds: 600 });
const touched: string[] = [];
afterAll(async () => {
  if (touched.length > 0) await redis.del(...touched.map(cartKey));
  await redis.quit();
});

// Every test works on its own customer: the Redis database is shared and persistent.
const newCustomer = (): string => {
  const id = `test-${crypto.randomUUID()}`;
  touched.push(id);
  return id;
};

describe('redis cart store', () => {
  it.each(ADD_RULE_CASES)('runs the domain add rule in Lua: $name', async ({ current, otherLines, delta, available, expected }) => {
    const customer = newCustomer();
    const seed: Record<string, number> = {};
    for (let i = 0; i < otherLines; i++) seed[`other-${i}`] = 1;
    if (current > 0) seed.target = current;
    if (Object.keys(seed).length > 0) await redis.hset(cartKey(customer), seed);

    const outcome = await store.add(customer, 'target', delta, { limits: RULE_LIMITS, available });
    const after = Number((await redis.hget(cartKey(customer), 'target')) ?? 0);
    if (expected === null) {
      expect(outcome).toEqual({ ok: true, quantity: current + delta, created: current === 0 });
      expect(after).toBe(current + delta);
    } else {
      expect(outcome).toEqual({ ok: false, violation: expected, current });
      expect(after).toBe(current);
    }
  });

  it('stores a cart as the hash cart:{customerId} of sku id → quantity, with an expiry', async () => {
    const customer = newCustomer();
    await store.add(customer, 'sku-b', 2, { limits: RULE_LIMITS, available: 10 });
    await store.add(customer, 'sku-a', 1, { limits: RULE_LIMITS, available: 10 });
    expect(await redis.hgetall(`cart:${customer}`)).toEqual({ 'sku-b': '2', 'sku-a': '1' });
    expect(await redis.ttl(`cart:${customer}`)).toBeGreaterThan(500);
    expect(await store.lines(customer)).toEqual([
      { skuId: 'sku-a', quantity: 1 },
      { skuId: 'sku-b', quantity: 2 },
    ]);
  });

  it('lets only one of many concurrent adds take the last free line', async () => {
    const customer = newCustomer();
    await redis.hset(cartKey(customer), { x: 1, y: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.add(customer, `new-${i}`, 1, { limits: RULE_LIMITS, available: 10 })),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await redis.hlen(cartKey(customer))).toBe(RULE_LIMITS.maxLines);
  });

  it('sets only lines that exist and only within the stock', async () => {
    const customer = newCustomer();
    expect(await store.set(customer, 'a', 2, 10)).toBe('NOT_IN_CART');
    expect(await redis.exists(cartKey(customer))).toBe(0);
    await redis.hset(cartKey(customer), { a: 1 });
    expect(await store.set(customer, 'a', 11, 10)).toBe('OUT_OF_STOCK');
    expect(await store.set(customer, 'a', 7, 10)).toBeNull();
    expect(await redis.hget(cartKey(customer), 'a')).toBe('7');
  });

  it('removes a line once', async () => {
    const customer = newCustomer();
    await redis.hset(cartKey(customer), { a: 1 });
    expect(await store.remove(customer, 'a')).toBe(true);
    expect(await store.remove(customer, 'a')).toBe(false);
  });

  it('takes bought units out, ignores lines not in the cart, and applies an operation id once', async () => {
    const customer = newCustomer();
    await redis.hset(cartKey(customer), { a: 3, b: 1 });
    const units = [
      { skuId: 'a', quantity: 2 },
      { skuId: 'b', quantity: 5 },
      { skuId: 'never-there', quantity: 1 },
    ];
    expect(await store.removeUnits(customer, units, 'order-1')).toEqual({ applied: true, lines: [{ skuId: 'a', quantity: 1 }] });
    expect(await store.removeUnits(customer, units, 'order-1')).toEqual({ applied: false, lines: [{ skuId: 'a', quantity: 1 }] });
    expect(await store.removeUnits(customer, [{ skuId: 'a', quantity: 1 }], null)).toEqual({ applied: true, lines: [] });
    expect(await redis.exists(cartKey(customer))).toBe(0);
  });
});
