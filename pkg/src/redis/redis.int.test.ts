import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing/index.js';
import { createRedis } from './index.js';

const config = testConfig();
const redis = createRedis(config.redis.url);
afterAll(() => redis.quit());

describe('redis', () => {
  it('round-trips a hash field by field', async () => {
    const key = `test:cart:${crypto.randomUUID()}`;
    await redis.hset(key, { 'sku-1': '2', 'sku-2': '5' });
    await redis.hincrby(key, 'sku-1', 3);
    expect(await redis.hgetall(key)).toEqual({ 'sku-1': '5', 'sku-2': '5' });
    await redis.hdel(key, 'sku-2');
    expect(await redis.hgetall(key)).toEqual({ 'sku-1': '5' });
    await redis.del(key);
    expect(await redis.exists(key)).toBe(0);
  });

  it('runs a MULTI transaction atomically', async () => {
    const key = `test:counter:${crypto.randomUUID()}`;
    const results = await redis.multi().incr(key).incr(key).expire(key, 60).exec();
    expect(results?.map(([, value]) => value)).toEqual([1, 2, 1]);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
