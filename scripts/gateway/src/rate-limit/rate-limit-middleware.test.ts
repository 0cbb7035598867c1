import type { RateLimitClass, Route } from '@micro-ecommerce/pkg/config';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClientIdentity } from './client-identity.js';
import { rateLimit } from './rate-limit-middleware.js';
import type { RateLimitMetrics } from './rate-limit-metrics.js';
import type { BucketCounter, BucketOutcome, BucketSpec } from './redis-buckets.js';

const routes: Route[] = [
  { prefix: '/api/v1/customer/login', service: 'customer', auth: 'none', rate_limit: 'auth' },
  { prefix: '/api/v1/cart_item', service: 'cart', auth: 'required', rate_limit: { read: 'read', write: 'write' } },
];
const classes: Record<string, RateLimitClass> = {
  auth: { window_seconds: 60, per_ip: 2 },
  read: { window_seconds: 10, per_ip: 5, per_subject: 3 },
  write: { window_seconds: 60, per_ip: 4, per_subject: 2 },
};

/** Counts in memory; every window ends 7 s from now. */
class MemoryBuckets implements BucketCounter {
  readonly counts = new Map<string, number>();
  readonly taken: BucketSpec[] = [];
  async take(spec: BucketSpec): Promise<BucketOutcome> {
    this.taken.push(spec);
    const id = `${spec.className}:${spec.kind}:${spec.key}`;
    const count = (this.counts.get(id) ?? 0) + 1;
    this.counts.set(id, count);
    return {
      policy: `${spec.className}-${spec.kind}`,
      kind: spec.kind,
      allowed: count <= spec.quota,
      quota: spec.quota,
      windowSeconds: spec.windowSeconds,
      remaining: Math.max(0, spec.quota - count),
      resetSeconds: 7,
    };
  }
}

const unreachable: BucketCounter = { take: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) };

const setUp = (buckets: BucketCounter, who: ClientIdentity = { ip: '10.0.0.1' }, multiplier = 1) => {
  const limited: string[] = [];
  const unchecked: string[] = [];
  const logged: string[] = [];
  const metrics: RateLimitMetrics = {
    limited: (className, kind) => limited.push(`${className}/${kind}`),
    unchecked: (className) => unchecked.push(className),
  };
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line).msg) });
  const askedForSubject: boolean[] = [];
  const app = createHttpApp({ logger: pino({ level: 'silent' }), metrics: { scrape: async () => 'metrics' } });
  app.use(
    '*',
    rateLimit({
      routes,
      classes,
      multiplier,
      buckets,
      identify: async (_c, withSubject) => {
        askedForSubject.push(withSubject);
        return withSubject ? who : { ip: who.ip };
      },
      logger,
      metrics,
    }),
  );
  app.all('*', (c) => c.json({ data: 'forwarded' }));
  return { app, limited, unchecked, logged, askedForSubject };
};

describe('edge rate limit middleware', () => {
  it('answers 429 RATE_LIMITED in the envelope with Retry-After, RateLimit and RateLimit-Policy once the address bucket is empty', async () => {
    const { app, limited } = setUp(new MemoryBuckets());
    const login = () => app.request('/api/v1/customer/login', { method: 'POST' });
    const first = await login();
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"auth-ip";q=2;w=60');
    expect(first.headers.get('ratelimit')).toBe('"auth-ip";r=1;t=7');
    expect((await login()).status).toBe(200);
    const refused = await login();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.headers.get('ratelimit')).toBe('"auth-ip";r=0;t=7');
    expect(refused.headers.get('ratelimit-policy')).toBe('"auth-ip";q=2;w=60');
    const body = (await refused.json()) as any;
    expect(body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { class: 'auth', key: 'ip', limit: 2, window_seconds: 60, retry_after_seconds: 7 },
    });
    expect(body.request_id).toBeTruthy();
    expect(limited).toEqual(['auth/ip']);
  });

  it('counts a verified subject in its own bucket beside the address, and names the subject when that one runs out', async () => {
    const buckets = new MemoryBuckets();
    const { app, limited } = setUp(buckets, { ip: '10.0.0.1', subject: 'customer-1' });
    const write = () => app.request('/api/v1/cart_item', { method: 'POST' });
    const first = await write();
    expect(first.headers.get('ratelimit-policy')).toBe('"write-ip";q=4;w=60, "write-subject";q=2;w=60');
    expect(first.headers.get('ratelimit')).toBe('"write-ip";r=3;t=7, "write-subject";r=1;t=7');
    await write();
    const refused = await write();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).error.details).toMatchObject({ class: 'write', key: 'subject', limit: 2 });
    expect(limited).toEqual(['write/subject']);
    // Reads of the same route count in the read class, not in the exhausted write buckets.
    expect((await app.request('/api/v1/cart_item')).status).toBe(200);
    expect(buckets.taken.at(-1)).toMatchObject({ className: 'read', kind: 'subject', key: 'customer-1', quota: 3, windowSeconds: 10 });
  });

  it('does not look for a token on a class without a per-subject limit', async () => {
    const { app, askedForSubject } = setUp(new MemoryBuckets(), { ip: '10.0.0.1', subject: 'customer-1' });
    await app.request('/api/v1/customer/login', { method: 'POST' });
    await app.request('/api/v1/cart_item');
    expect(askedForSubject).toEqual([false, true]);
  });

  it('scales every limit by the multiplier', async () => {
    const buckets = new MemoryBuckets();
    const { app } = setUp(buckets, { ip: '10.0.0.1', subject: 's' }, 1000);
    const res = await app.request('/api/v1/cart_item');
    expect(res.headers.get('ratelimit-policy')).toBe('"read-ip";q=5000;w=10, "read-subject";q=3000;w=10');
  });

  it('never limits /healthz, /metrics, /docs or a path outside the route table', async () => {
    const buckets = new MemoryBuckets();
    const { app } = setUp(buckets);
    for (const path of ['/healthz', '/metrics', '/docs', '/docs/cart/openapi.json', '/api/v2/nothing'])
      for (let i = 0; i < 5; i += 1) expect((await app.request(path)).status, path).not.toBe(429);
    expect(buckets.taken).toEqual([]);
  });

  it('lets requests through uncounted when the counters are unreachable, with one log line and a metric per request', async () => {
    const { app, unchecked, logged } = setUp(unreachable);
    for (let i = 0; i < 4; i += 1) {
      const res = await app.request('/api/v1/customer/login', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    expect(unchecked).toEqual(['auth', 'auth', 'auth', 'auth']);
    expect(logged).toEqual(['rate limits not enforced: the counters are unreachable (failing open)']);
  });

  it('logs once when the counters come back', async () => {
    let down = true;
    const memory = new MemoryBuckets();
    const flaky: BucketCounter = { take: (spec) => (down ? unreachable.take(spec) : memory.take(spec)) };
    const { app, logged } = setUp(flaky);
    await app.request('/api/v1/cart_item');
    down = false;
    await app.request('/api/v1/cart_item');
    await app.request('/api/v1/cart_item');
    expect(logged).toEqual([
      'rate limits not enforced: the counters are unreachable (failing open)',
      'rate limits enforced again: the counters are reachable',
    ]);
  });
});
