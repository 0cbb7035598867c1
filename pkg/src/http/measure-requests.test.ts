import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { initMetrics } from '../telemetry/index.js';
import { sampleValue } from '../testing/index.js';
import { createHttpApp } from './create-http-app.js';

// Instruments bind to the provider registered when they are created: the metrics come first, then the apps.
const metrics = initMetrics({ serviceName: 'http-test' });
afterAll(() => metrics.shutdown());

const logger = pino({ level: 'silent' });
const app = createHttpApp({ logger, metrics });
app.get('/api/v1/product/:id', (c) => c.json({ data: c.req.param('id') }));
app.post('/api/v1/order', () => {
  throw new AppError('FAILED_PRECONDITION', 'not enough stock', { reason: 'OUT_OF_STOCK', httpStatus: 409 });
});

const scrape = async () => (await app.request('/metrics')).text();
const COUNT = 'http_server_request_duration_seconds_count';

describe('http.server.request.duration and GET /metrics', () => {
  it('answers the Prometheus text format with a histogram of the request by route pattern, never the raw path', async () => {
    await app.request('/api/v1/product/42');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{[^}]*http_route="\/api\/v1\/product\/:id"[^}]*le="0\.005"[^}]*\} \d+$/m,
    );
    expect(text).toContain('service_name="http-test"');
    expect(text).not.toContain('/api/v1/product/42');
  });

  it('counts each request under its method, route and the status it answered, errors included', async () => {
    const route = { http_request_method: 'POST', http_route: '/api/v1/order', http_response_status_code: '409' };
    const before = sampleValue(await scrape(), COUNT, route);
    expect((await app.request('/api/v1/order', { method: 'POST' })).status).toBe(409);
    expect((await app.request('/api/v1/order', { method: 'POST' })).status).toBe(409);
    expect(sampleValue(await scrape(), COUNT, route)).toBe(before + 2);
  });

  it('leaves the route out for a path no route matches, and does not measure the probes or the scrape', async () => {
    const notFound = { http_request_method: 'GET', http_response_status_code: '404' };
    const before = await scrape();
    expect((await app.request('/nope/123')).status).toBe(404);
    await app.request('/healthz');
    await app.request('/readyz');
    const after = await scrape();
    expect(sampleValue(after, COUNT, notFound)).toBe(sampleValue(before, COUNT, notFound) + 1);
    expect(after).not.toContain('/nope');
    for (const probe of ['/healthz', '/readyz', '/metrics']) expect(after).not.toContain(`http_route="${probe}"`);
  });

  it('takes the route a catch-all handler serves from routeOf (the gateway: its route-table prefix)', async () => {
    const gateway = createHttpApp({
      logger,
      metrics,
      routeOf: (c) => (c.req.path.startsWith('/api/v1/cart_item') ? '/api/v1/cart_item' : undefined),
    });
    gateway.all('*', (c) => c.json({ data: 'proxied' }));
    await gateway.request('/api/v1/cart_item/abc', { method: 'PUT' });
    const text = await scrape();
    expect(sampleValue(text, COUNT, { http_request_method: 'PUT', http_route: '/api/v1/cart_item' })).toBe(1);
    expect(text).not.toContain('http_route="*"');
  });

  it('serves no /metrics when the app is given no metrics', async () => {
    expect((await createHttpApp({ logger }).request('/metrics')).status).toBe(404);
  });
});
