// The edge rate limit against the real Redis of the test stage: two gateways counting into one budget, the
// 429 and its headers, the per-subject bucket of a verified token, and a gateway whose Redis is unreachable
// letting requests through (fail open). Each run counts under a key prefix of its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenIssuer, loadOrCreateSigningKey } from '@micro-ecommerce/pkg/auth';
import { loadRouteTable } from '@micro-ecommerce/pkg/config';
import { createHttpApp, serveHttp, type RunningHttpServer } from '@micro-ecommerce/pkg/http';
import { initMetrics } from '@micro-ecommerce/pkg/telemetry';
import { sampleValue, testConfig } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './create-gateway.js';
import { createEdgeRateLimit, type EdgeRateLimit } from './rate-limit/edge-rate-limit.js';

const logger = pino({ level: 'silent' });
const metrics = initMetrics({ serviceName: 'gateway' });
const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
const dir = mkdtempSync(join(tmpdir(), 'gateway-rate-limit-'));
const routesFile = join(dir, 'routes.yaml');
writeFileSync(
  routesFile,
  `rate_limit_classes:
  tight: { window_seconds: 60, per_ip: 3 }
  user: { window_seconds: 60, per_ip: 100, per_subject: 2 }
routes:
  - { prefix: /api/v1/customer/login, service: customer, auth: none, rate_limit: tight }
  - { prefix: /api/v1/cart_item, service: cart, auth: required, rate_limit: { read: user, write: user } }
`,
);

let upstream: RunningHttpServer;
const running: Array<{ server: RunningHttpServer; limit: EdgeRateLimit }> = [];
let issue: (customerId: string) => Promise<string>;

const startGateway = async (redisUrl: string, keyPrefix: string): Promise<string> => {
  const origin = `http://127.0.0.1:${upstream.port}`;
  const limit = createEdgeRateLimit(
    {
      redis: { url: redisUrl },
      auth: { ...claims, jwks_url: `${origin}/.well-known/jwks.json` },
      gateway: { routes_file: routesFile, rate_limit: { limit_multiplier: 1, key_prefix: keyPrefix, trusted_proxies: [] } },
    },
    logger,
  );
  const app = createGateway({
    routes: loadRouteTable(routesFile),
    origins: { customer: origin, cart: origin },
    upstreamTimeoutMs: 2000,
    logger,
    metrics,
    rateLimit: limit,
  });
  const server = await serveHttp(app, { host: '127.0.0.1', port: 0 });
  running.push({ server, limit });
  return `http://127.0.0.1:${server.port}`;
};

let gatewayA: string;
let gatewayB: string;
let gatewayWithoutRedis: string;

beforeAll(async () => {
  const key = await loadOrCreateSigningKey(join(dir, 'jwt.key'), join(dir, 'jwt.pub'));
  const issuer = createTokenIssuer({ key, ttlSeconds: 600, ...claims });
  issue = async (customerId) => (await issuer({ customerId, role: 'customer' })).accessToken;
  const app = createHttpApp({ logger });
  app.get('/.well-known/jwks.json', (c) => c.json({ keys: [key.publicJwk] }));
  app.get('/openapi.json', (c) =>
    c.json({ openapi: '3.1.0', info: { title: 'cart' }, paths: { '/api/v1/cart_item': { get: { responses: { '200': {} } } } } }),
  );
  app.all('/api/v1/*', (c) => c.json({ data: 'served' }));
  upstream = await serveHttp(app, { host: '127.0.0.1', port: 0 });
  const prefix = `test:gateway:ratelimit:${crypto.randomUUID()}:`;
  const { redis } = testConfig();
  gatewayA = await startGateway(redis.url, prefix);
  gatewayB = await startGateway(redis.url, prefix);
  // Nothing listens on port 1.
  gatewayWithoutRedis = await startGateway('redis://127.0.0.1:1/0', prefix);
});

afterAll(async () => {
  for (const { server, limit } of running) {
    await server.close();
    await limit.close();
  }
  await upstream?.close();
  await metrics.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const login = (gateway: string) => fetch(`${gateway}/api/v1/customer/login`, { method: 'POST' });
const readCart = (gateway: string, token: string) =>
  fetch(`${gateway}/api/v1/cart_item`, { headers: { authorization: `Bearer ${token}` } });
const scrape = async (gateway: string) => (await fetch(`${gateway}/metrics`)).text();

describe('edge rate limit with Redis', () => {
  it('shares one budget between two gateways and answers 429 with Retry-After, RateLimit, RateLimit-Policy and the envelope', async () => {
    const limitedBefore = sampleValue(await scrape(gatewayA), 'micro_ecommerce_gateway_rate_limit_limited_total', {
      class: 'tight',
      key: 'ip',
    });
    const answers = [];
    for (const gateway of [gatewayA, gatewayB, gatewayA, gatewayB]) answers.push(await login(gateway));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((res) => res.headers.get('ratelimit')?.replace(/t=\d+/, 't=T'))).toEqual([
      '"tight-ip";r=2;t=T',
      '"tight-ip";r=1;t=T',
      '"tight-ip";r=0;t=T',
      '"tight-ip";r=0;t=T',
    ]);
    const refused = answers[3]!;
    expect(refused.headers.get('ratelimit-policy')).toBe('"tight-ip";q=3;w=60');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Retry-After does not point before the end of the effective window (draft-11 §6).
    expect(retryAfter).toBeGreaterThanOrEqual(Number(/t=(\d+)/.exec(refused.headers.get('ratelimit')!)![1]));
    const body = (await refused.json()) as any;
    expect(body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { class: 'tight', key: 'ip', limit: 3, window_seconds: 60, retry_after_seconds: retryAfter },
    });
    expect(body.request_id).toBeTruthy();
    const limitedAfter = sampleValue(await scrape(gatewayA), 'micro_ecommerce_gateway_rate_limit_limited_total', {
      class: 'tight',
      key: 'ip',
    });
    expect(limitedAfter).toBe(limitedBefore + 1);
  });

  it('never limits /healthz, /metrics or /docs, even for an address whose budget is used up', async () => {
    expect((await login(gatewayA)).status).toBe(429);
    for (let i = 0; i < 5; i += 1)
      for (const path of ['/healthz', '/metrics', '/docs']) expect((await fetch(`${gatewayA}${path}`)).status, path).toBe(200);
  });

  it('counts a verified token subject in its own bucket: one customer is limited, another on the same address is not', async () => {
    const first = await issue(`customer-${crypto.randomUUID()}`);
    const second = await issue(`customer-${crypto.randomUUID()}`);
    expect([(await readCart(gatewayA, first)).status, (await readCart(gatewayB, first)).status]).toEqual([200, 200]);
    const refused = await readCart(gatewayA, first);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).error.details).toMatchObject({ class: 'user', key: 'subject', limit: 2 });
    const other = await readCart(gatewayB, second);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-policy')).toBe('"user-ip";q=100;w=60, "user-subject";q=2;w=60');
    expect(other.headers.get('ratelimit')).toMatch(/^"user-ip";r=96;t=\d+, "user-subject";r=1;t=\d+$/);
  });

  it('counts a forged token by address only', async () => {
    const token = await issue('victim');
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'victim', role: 'customer', ...claims })).toString('base64url')}.${signature}`;
    const res = await readCart(gatewayA, forged);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBe('"user-ip";q=100;w=60');
  });

  it('lets requests through uncounted while its Redis is unreachable (fail open), counting them in a metric', async () => {
    const unchecked = async () =>
      sampleValue(await scrape(gatewayWithoutRedis), 'micro_ecommerce_gateway_rate_limit_unchecked_total', { class: 'tight' });
    const before = await unchecked();
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) {
      const res = await login(gatewayWithoutRedis);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    // Without waiting for Redis: refused at once while disconnected.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await unchecked()).toBe(before + 5);
  });

  it("adds the 429 to the services' documents served at /docs", async () => {
    const doc = (await (await fetch(`${gatewayA}/docs/cart/openapi.json`)).json()) as any;
    expect(doc.paths['/api/v1/cart_item'].get.responses['429'].description).toContain('class user');
  });
});
