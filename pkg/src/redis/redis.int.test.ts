import { createServer } from 'node:net';
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

  it('fails a command that gets no reply within commandTimeoutMs (a server that accepts and never answers)', async () => {
    const hung = createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };
    const client = createRedis(`redis://127.0.0.1:${port}/0`, undefined, { commandTimeoutMs: 100 });
    try {
      const started = Date.now();
      await expect(client.get('any')).rejects.toThrow(/timed out/i);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      client.disconnect();
      hung.close();
    }
  });
});
