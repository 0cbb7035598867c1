import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { SkuFacts } from '../../../domain/cart-view.js';
import { createRedisSkuViews, skuViewKey } from './redis-sku-views.js';

const redis = createRedis(testConfig().redis.url);
const skus = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
afterAll(async () => {
  await redis.del(...skus.map(skuViewKey));
  await redis.quit();
});

const lamp: SkuFacts = { title: 'Lamp', variantName: 'Brass', priceCents: 9_007_199_254_740_993n, purchasable: true, available: 4 };

describe('redis SKU views (the cart read model)', () => {
  it('stores what product answered, unknown SKUs as null, and reads them back exactly', async () => {
    const views = createRedisSkuViews(redis, { maxAgeMs: 10_000 });
    await views.write(
      new Map<string, SkuFacts | null>([
        [skus[0]!, lamp],
        [skus[1]!, null],
      ]),
      Date.now(),
    );
    const read = await views.read(skus);
    // The price past 2^53 survives: it is stored as a string, never a float.
    expect(read).toEqual(
      new Map<string, SkuFacts | null>([
        [skus[0]!, lamp],
        [skus[1]!, null],
      ]),
    );
    expect(read.has(skus[2]!)).toBe(false);
  });

  it('forgets a view after its maximum age, the cart read staleness bound', async () => {
    const views = createRedisSkuViews(redis, { maxAgeMs: 150 });
    await views.write(new Map([[skus[2]!, lamp]]), Date.now());
    expect((await views.read([skus[2]!])).get(skus[2]!)).toEqual(lamp);
    await sleep(300);
    expect((await views.read([skus[2]!])).has(skus[2]!)).toBe(false);
  });

  it('keeps the newer of two views whatever order they arrive in, and a newer one restarts the clock', async () => {
    const views = createRedisSkuViews(redis, { maxAgeMs: 400 });
    const cheaper = { ...lamp, priceCents: 500n };
    const at = Date.now();
    await views.write(new Map([[skus[0]!, cheaper]]), at + 10);
    // A late event (or a product answer read before the change) observed earlier is ignored.
    await views.write(new Map([[skus[0]!, lamp]]), at);
    expect((await views.read([skus[0]!])).get(skus[0]!)).toEqual(cheaper);
    await sleep(250);
    await views.write(new Map([[skus[0]!, null]]), at + 20);
    await sleep(250);
    // 500 ms after the first write, past maxAgeMs: the refresh at 250 ms kept the (newest) view.
    expect((await views.read([skus[0]!])).get(skus[0]!)).toBeNull();
  });
});
