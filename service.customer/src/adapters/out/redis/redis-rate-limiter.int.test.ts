import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const redis = createRedis(testConfig().redis.url);
const prefix = `test:ratelimit:${crypto.randomUUID()}:`;
const limiter = new RedisRateLimiter(redis, pino({ level: 'silent' }), prefix);
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const bucket = () => `login:email:${crypto.randomUUID()}@example.com`;

describe('RedisRateLimiter', () => {
  it('allows `limit` hits per window, then refuses with the seconds left in the window', async () => {
    const name = bucket();
    const rule = { limit: 3, windowSeconds: 30 };
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await limiter.hit(name, rule));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[4]!.retryAfterSeconds).toBeGreaterThan(25);
    expect(decisions[4]!.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('counts parallel hits exactly', async () => {
    const name = bucket();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(name, { limit: 5, windowSeconds: 30 })));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('starts a new window once the old one expired', async () => {
    const name = bucket();
    const rule = { limit: 1, windowSeconds: 1 };
    expect((await limiter.hit(name, rule)).allowed).toBe(true);
    expect((await limiter.hit(name, rule)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await limiter.hit(name, rule)).allowed).toBe(true);
  });

  it('gives an attempt back on refund, never below zero, and never creates a counter', async () => {
    // A prefix of its own, so that the keys counted below are this test's only.
    const own = new RedisRateLimiter(redis, pino({ level: 'silent' }), `${prefix}refund:`);
    const name = bucket();
    const rule = { limit: 1, windowSeconds: 30 };
    await own.hit(name, rule);
    await own.refund(name);
    await own.refund(name);
    expect((await own.hit(name, rule)).allowed).toBe(true);
    expect((await own.hit(name, rule)).allowed).toBe(false);
    await own.refund(bucket());
    expect(await redis.keys(`${prefix}refund:*`)).toHaveLength(1);
  });

  it('keeps emails and IPs out of the key names', async () => {
    const name = `login:email:secret-${crypto.randomUUID()}@example.com`;
    await limiter.hit(name, { limit: 1, windowSeconds: 30 });
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((key) => key.includes('secret') || key.includes('example.com'))).toBe(false);
  });

  it('answers UNAVAILABLE when Redis cannot be reached', async () => {
    const down = createRedis('redis://127.0.0.1:1/0');
    down.on('error', () => undefined);
    const broken = new RedisRateLimiter(down, pino({ level: 'silent' }));
    await expect(broken.hit(bucket(), { limit: 1, windowSeconds: 30 })).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    down.disconnect();
  });
});
