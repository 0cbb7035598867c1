// infrastructure/redis-users.tf as the cluster's Redis gets it: `terraform console` evaluates it (with
// variables.tf alone, no provider), a throwaway redis-server on loopback loads the ACL file, and the services' own
// Redis adapters run as their users. Each may do its work and nothing on the other's keys; the default user only
// answers PING. Skipped without terraform on PATH.
import { createRedis, type Redis } from '@micro-ecommerce/pkg/redis';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCartStore } from '../../service.cart/src/adapters/out/redis/redis-cart-store.js';
import { createStreamLeases } from '../../service.order/src/adapters/out/redis/stream-leases.js';
import { createRedisSkuViews } from '../../service.cart/src/adapters/out/redis/redis-sku-views.js';
import { RedisRateLimiter } from '../../service.customer/src/adapters/out/redis/redis-rate-limiter.js';
import { pino } from 'pino';

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const logger = pino({ level: 'silent' });

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe.skipIf(!hasTerraform)('the Redis ACL users of redis-users.tf', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let port: number;
  let acl: string;
  let urls: Record<string, string>;
  const clients: Redis[] = [];

  // The URL a service gets, pointed at the throwaway server instead of the Service `redis`.
  const connectAs = (user: string): Redis => {
    const url = new URL(urls[user]!);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const client = createRedis(url.toString(), logger);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-users-'));
    for (const file of ['variables.tf', 'redis-users.tf']) cpSync(`infrastructure/${file}`, join(dir, file));
    const init = spawnSync('terraform', [`-chdir=${dir}`, 'init', '-input=false', '-backend=false'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    const console = spawnSync('terraform', [`-chdir=${dir}`, 'console', '-var=postgres_password=stand-in', '-var=admin_accounts=[]'], {
      encoding: 'utf8',
      input: 'nonsensitive(jsonencode({ acl = local.redis_acl, urls = local.redis_urls }))\n',
    });
    expect(console.status, console.stderr).toBe(0);
    ({ acl, urls } = JSON.parse(JSON.parse(console.stdout.trim())));
    writeFileSync(join(dir, 'users.acl'), acl);
    port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--aclfile', join(dir, 'users.acl')],
      {
        stdio: 'ignore',
      },
    );
    for (
      let attempt = 0;
      spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG';
      attempt += 1
    ) {
      if (attempt > 50) throw new Error('redis-server did not start with the ACL file');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    server?.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps passwords out of the ACL file (SHA-256 only) and gives every Redis-using service a URL on config/k8s.yaml's server", () => {
    for (const url of Object.values(urls)) expect(acl).not.toContain(decodeURIComponent(new URL(url).password));
    const configured = new URL((parseYaml(readFileSync('config/k8s.yaml', 'utf8')) as any).redis.url);
    for (const [user, raw] of Object.entries(urls)) {
      const url = new URL(raw);
      expect([url.username, url.host, url.pathname]).toEqual([user, configured.host, configured.pathname]);
    }
    expect(Object.keys(urls).sort()).toEqual(['cart', 'customer', 'order']);
  });

  it("runs the cart's store and SKU views as cart, and refuses it the customer service's keys and any admin command", async () => {
    const redis = connectAs('cart');
    const store = createRedisCartStore(redis, { ttlSeconds: 60 });
    await store.add('c-1', 'sku-1', 2, { limits: { maxLines: 10, maxQuantityPerLine: 9 }, available: 5 });
    await store.removeUnits('c-1', [{ skuId: 'sku-1', quantity: 1 }], 'op-1');
    expect(await store.lines('c-1')).toEqual([{ skuId: 'sku-1', quantity: 1 }]);
    const views = createRedisSkuViews(redis, { maxAgeMs: 60_000 });
    await views.write(new Map([['sku-1', null]]), Date.now());
    expect((await views.read(['sku-1'])).has('sku-1')).toBe(true);
    await expect(redis.get('customer:ratelimit:x')).rejects.toThrow(/NOPERM/);
    await expect(redis.set('customer:ratelimit:x', '0')).rejects.toThrow(/NOPERM/);
    await expect(redis.flushall()).rejects.toThrow(/NOPERM/);
    await expect(redis.keys('*')).rejects.toThrow(/NOPERM/);
  });

  it('runs the login limiter as customer, and refuses it the carts', async () => {
    const redis = connectAs('customer');
    const limiter = new RedisRateLimiter(redis, logger);
    const decision = await limiter.hit('email:a@example.com', { limit: 5, windowSeconds: 60 });
    expect(decision.allowed).toBe(true);
    await expect(redis.hgetall('cart:c-1')).rejects.toThrow(/NOPERM/);
    await expect(redis.eval("return redis.call('DEL', KEYS[1])", 1, 'cart:c-1')).rejects.toThrow(/NOPERM/);
  });

  it("runs order's stream leases as order (TIME inside the script included), and refuses it the others' keys", async () => {
    const redis = connectAs('order');
    const leases = createStreamLeases(redis, { maxPerAccount: 1, ttlMs: 60_000 });
    expect(await leases.acquire('a-1', 'l-1')).toEqual({ granted: true });
    expect((await leases.acquire('a-1', 'l-2')).granted).toBe(false);
    await expect(redis.get('customer:ratelimit:x')).rejects.toThrow(/NOPERM/);
    await expect(redis.hgetall('cart:c-1')).rejects.toThrow(/NOPERM/);
  });

  it('answers an unauthenticated connection PING and nothing else', () => {
    const cli = (...args: string[]) => {
      const run = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });
      return `${run.stdout}${run.stderr}`.trim();
    };
    expect(cli('ping')).toBe('PONG');
    expect(cli('get', 'cart:c-1')).toMatch(/NOPERM/);
    // A wrong password is refused, and the connection stays the default user's.
    const wrong = cli('--user', 'cart', '--pass', 'wrong', '--no-auth-warning', 'get', 'cart:c-1');
    expect(wrong).toMatch(/WRONGPASS/);
    expect(wrong).toMatch(/NOPERM/);
  });
});
