import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createStreamLeases } from './stream-leases.js';

// Two clients, as two order replicas have: the places are counted in Redis, not in either process.
const config = testConfig();
const redisA = createRedis(config.redis.url);
const redisB = createRedis(config.redis.url);
afterAll(async () => {
  await Promise.all([redisA.quit(), redisB.quit()]);
});

const leasesOf = (ttlMs: number, maxPerAccount = 2) => [
  createStreamLeases(redisA, { maxPerAccount, ttlMs }),
  createStreamLeases(redisB, { maxPerAccount, ttlMs }),
];

describe('stream leases (Redis)', () => {
  it('grants an account max places across replicas, then refuses with the wait until the soonest lease lapses', async () => {
    const [a, b] = leasesOf(30_000);
    const account = randomUUID();
    expect(await a!.acquire(account, 'l-1')).toEqual({ granted: true });
    expect(await b!.acquire(account, 'l-2')).toEqual({ granted: true });
    const refused = await a!.acquire(account, 'l-3');
    expect(refused.granted).toBe(false);
    expect(!refused.granted && refused.retryAfterMs).toBeGreaterThan(25_000);
    expect(!refused.granted && refused.retryAfterMs).toBeLessThanOrEqual(30_000);
    // Another account has places of its own.
    expect(await b!.acquire(randomUUID(), 'l-3')).toEqual({ granted: true });
    // A lease asked for again (the same stream) takes no second place.
    expect(await b!.acquire(account, 'l-2')).toEqual({ granted: true });
  });

  it('frees a place on release, from whichever replica', async () => {
    const [a, b] = leasesOf(30_000);
    const account = randomUUID();
    await a!.acquire(account, 'l-1');
    await a!.acquire(account, 'l-2');
    await b!.release(account, 'l-1');
    expect(await b!.acquire(account, 'l-3')).toEqual({ granted: true });
    expect((await a!.acquire(account, 'l-4')).granted).toBe(false);
  });

  it("lets an unrenewed lease lapse (a dead replica's streams), keeps a renewed one, and refuses to renew a lapsed one", async () => {
    const [a] = leasesOf(300);
    const account = randomUUID();
    await a!.acquire(account, 'renewed');
    await a!.acquire(account, 'abandoned');
    for (let i = 0; i < 4; i++) {
      await sleep(100);
      expect(await a!.renew(account, 'renewed')).toBe(true);
    }
    // 400 ms on: the abandoned lease lapsed, the renewed one still holds its place.
    expect(await a!.acquire(account, 'new')).toEqual({ granted: true });
    expect((await a!.acquire(account, 'one-more')).granted).toBe(false);
    expect(await a!.renew(account, 'abandoned')).toBe(false);
    // A renew of a lapsed lease does not take its place back.
    expect(await redisA.zcard(`order:event-streams:${account}`)).toBe(2);
  });

  it('refuses a new lease with UNAVAILABLE while Redis cannot be reached', async () => {
    // Port 9: nothing listens there.
    const down = createRedis('redis://127.0.0.1:9/0');
    try {
      const leases = createStreamLeases(down, { maxPerAccount: 2, ttlMs: 1000 });
      await expect(leases.acquire(randomUUID(), 'l-1')).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    } finally {
      down.disconnect();
    }
  });

  it('leaves no key behind once the last lease lapses', async () => {
    const [a] = leasesOf(200);
    const account = randomUUID();
    await a!.acquire(account, 'l-1');
    await sleep(400);
    expect(await redisA.exists(`order:event-streams:${account}`)).toBe(0);
  });
});
