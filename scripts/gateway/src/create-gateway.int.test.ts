import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpApp, serveHttp, type RunningHttpServer } from '@micro-ecommerce/pkg/http';
import { initMetrics, initTelemetry, InMemorySpanExporter } from '@micro-ecommerce/pkg/telemetry';
import { sampleValue } from '@micro-ecommerce/pkg/testing';
import { stream, streamSSE } from 'hono/streaming';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './create-gateway.js';
import { OpenStreams } from './forward.js';

const logger = pino({ level: 'silent' });
const spans = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'gateway', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter: spans });
const metrics = initMetrics({ serviceName: 'gateway' });
let upstream: RunningHttpServer;
let gateway: RunningHttpServer;
const seen: Array<{ path: string; headers: Record<string, string> }> = [];
const streams = new OpenStreams();
// The upstream's event stream sends its second event once a test releases it.
let releaseSecond: () => void = () => undefined;

beforeAll(async () => {
  const app = createHttpApp({ logger });
  app.all('/api/v1/cart_item/*', async (c) => {
    seen.push({ path: c.req.path + new URL(c.req.url).search, headers: c.req.header() });
    return c.json({ data: { method: c.req.method, body: await c.req.text() } }, 201);
  });
  // A head at once, then a body that never ends (until its client leaves): holds its connection like a stream.
  app.get('/api/v1/product/trickle', (c) =>
    stream(c, async (body) => {
      await body.write('[');
      await new Promise<void>((resolve) => body.onAbort(resolve));
    }),
  );
  app.get('/api/v1/product/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return c.json({ data: 'late' });
  });
  app.get('/api/v1/order/o-1/events', (c) =>
    streamSSE(c, async (stream) => {
      const second = new Promise<void>((resolve) => (releaseSecond = resolve));
      await stream.writeSSE({ id: '1', event: 'status', data: '{"status":"PAID"}' });
      await second;
      await stream.writeSSE({ id: '2', event: 'OrderAccepted', data: '{"status":"ACCEPTED"}' });
      // Then open until the gateway closes it.
      await new Promise<void>((resolve) => stream.onAbort(resolve));
    }),
  );
  // Any other order's stream: open until its client leaves.
  app.get('/api/v1/order/:id/events', (c) =>
    streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'status', data: '{}' });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
    }),
  );
  app.get('/api/v1/order/:id', (c) => c.json({ data: { id: c.req.param('id') } }));
  app.get('/openapi.json', (c) => c.json({ openapi: '3.1.0', info: { title: 'cart' } }));
  app.get('/metrics', (c) => c.text('the upstream service metrics, which the gateway must never serve'));
  upstream = await serveHttp(app, { host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${upstream.port}`;
  const gatewayApp = createGateway({
    routes: [
      { prefix: '/api/v1/cart_item', service: 'cart', auth: 'required', rate_limit: 'any' },
      { prefix: '/api/v1/product', service: 'product', auth: 'optional', rate_limit: 'any' },
      { prefix: '/api/v1/customer', service: 'customer', auth: 'required', rate_limit: 'any' },
      { prefix: '/api/v1/order', service: 'order', auth: 'required', rate_limit: 'any' },
    ],
    // customer points at a port nothing listens on
    origins: { cart: origin, product: origin, order: origin, customer: 'http://127.0.0.1:9' },
    upstreamTimeoutMs: 300,
    logger,
    metrics,
    streams,
  });
  gateway = await serveHttp(gatewayApp, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await telemetry.shutdown();
  await metrics.shutdown();
});

const url = (path: string) => `http://127.0.0.1:${gateway.port}${path}`;

// node:http, not fetch: fetch refuses to send TRACE at all.
const requestWith = (
  method: string,
  path: string,
  sent?: { body: string; framing: 'chunked' | 'length' },
): Promise<{ status: number; allow: string | undefined; body: string }> =>
  new Promise((resolve, reject) => {
    const headers =
      sent === undefined
        ? {}
        : sent.framing === 'chunked'
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': String(Buffer.byteLength(sent.body)) };
    const req = http.request(url(path), { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
    });
    req.on('error', reject);
    req.end(sent?.body);
  });

describe('gateway', () => {
  it('forwards method, path, query and body, and passes the answer through', async () => {
    const res = await fetch(url('/api/v1/cart_item/abc?x=1'), {
      method: 'PUT',
      body: JSON.stringify({ quantity: 2 }),
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-7', authorization: 'Bearer t' },
    });
    expect(res.status).toBe(201);
    expect((await res.json()) as any).toEqual({ data: { method: 'PUT', body: '{"quantity":2}' } });
    const last = seen.at(-1)!;
    expect(last.path).toBe('/api/v1/cart_item/abc?x=1');
    expect(last.headers).toMatchObject({ 'x-request-id': 'req-7', authorization: 'Bearer t', 'x-forwarded-for': '127.0.0.1' });
    const forwardSpan = spans.getFinishedSpans().find((span) => span.name === 'PUT cart');
    expect(last.headers.traceparent).toContain(forwardSpan?.spanContext().traceId);
  });

  it("answers a method the path does not serve with the service's 405, Allow and envelope, TRACE included", async () => {
    // POST is forwarded and the service answers; TRACE cannot be sent, so the gateway asks the service (OPTIONS).
    for (const method of ['TRACE', 'POST']) {
      const res = await requestWith(method, '/api/v1/product/slow');
      expect(res.status, method).toBe(405);
      expect(res.allow, method).toBe('GET, HEAD');
      expect(JSON.parse(res.body).error, method).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allow: ['GET', 'HEAD'] } });
    }
    expect((await requestWith('TRACE', '/api/v1/product/nothing-here')).status).toBe(404);
  });

  it('forwards a body of any method framed as it came, so the next request on the connection is intact', async () => {
    // DELETE and OPTIONS are methods node:http does not chunk by default, and a GET body is easy to drop: either
    // way the upstream would read the body, or the missing one, as the start of the next request.
    for (const method of ['DELETE', 'OPTIONS', 'PUT', 'GET'])
      for (const framing of ['chunked', 'length'] as const) {
        const body = `{"method":"${method}","framing":"${framing}"}`;
        const sent = await requestWith(method, '/api/v1/cart_item/abc', { body, framing });
        // A Request cannot hold a GET body, so the upstream's hono reads it as empty; what matters is the framing.
        const echoed = method === 'GET' ? '' : body;
        expect([sent.status, JSON.parse(sent.body).data], `${method} ${framing}`).toEqual([201, { method, body: echoed }]);
        const next = await requestWith('DELETE', '/api/v1/cart_item/abc');
        expect([next.status, JSON.parse(next.body).data], `after ${method} ${framing}`).toEqual([201, { method: 'DELETE', body: '' }]);
      }
  });

  it('passes an event stream through as it comes: unbuffered, and not cut by the upstream timeout', async () => {
    const res = await fetch(url('/api/v1/order/o-1/events'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const readUntil = async (text: string) => {
      let received = '';
      while (!received.includes(text)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended before ${text}: ${received}`);
        received += decoder.decode(value, { stream: true });
      }
      return received;
    };
    // The first event arrives while the upstream still holds the second: nothing waits for more body.
    expect(await readUntil('\n\n')).toBe('event: status\ndata: {"status":"PAID"}\nid: 1\n\n');
    // Twice the upstream timeout later, the stream is still open and delivers.
    await new Promise((resolve) => setTimeout(resolve, 600));
    releaseSecond();
    expect(await readUntil('ACCEPTED')).toContain('event: OrderAccepted');
    // Shutdown ends it as a finished response (the client reconnects), not as a cut connection.
    expect(streams.size).toBe(1);
    streams.closeAll();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(streams.size).toBe(0);
  });

  it("keeps event streams off the sockets of the service's ordinary requests", async () => {
    // More streams than the pool of ordinary requests has sockets per upstream (256).
    const clients = Array.from({ length: 300 }, () => new AbortController());
    try {
      const heads = Promise.all(
        clients.map((client, i) => fetch(url(`/api/v1/order/o-${i + 10}/events`), { signal: client.signal }).catch(() => undefined)),
      );
      // Bounded: streams queued behind a full pool would otherwise hold the test until its timeout.
      const answered = await Promise.race([heads, sleep(10_000, 'not every stream answered within 10 s')]);
      expect(typeof answered === 'string' ? answered : answered.map((res) => res?.status)).toEqual(clients.map(() => 200));
      expect(streams.size).toBe(300);
      // While every one of them is held, an ordinary request to the same service gets its answer, not a 504.
      const plain = await fetch(url('/api/v1/order/o-2'));
      expect(plain.status).toBe(200);
      expect(await plain.json()).toEqual({ data: { id: 'o-2' } });
    } finally {
      clients.forEach((client) => client.abort());
    }
    await expect.poll(() => streams.size).toBe(0);
  });

  it('answers 504 in time to a request queued behind a pool whose every socket a long response holds', async () => {
    // Heads sent at once, bodies held: the upstream timeout is over for these, and they keep their sockets.
    const clients = Array.from({ length: 256 }, () => new AbortController());
    try {
      const heads = await Promise.all(clients.map((client) => fetch(url('/api/v1/product/trickle'), { signal: client.signal })));
      expect(new Set(heads.map((res) => res.status))).toEqual(new Set([200]));
      const started = Date.now();
      const queued = await Promise.race([fetch(url('/api/v1/product/slow')), sleep(5_000, 'no answer within 5 s')]);
      expect(typeof queued === 'string' ? queued : queued.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      clients.forEach((client) => client.abort());
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(url('/api/v2/nothing'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
  });

  it('answers 502 in the envelope when the service is down', async () => {
    const res = await fetch(url('/api/v1/customer/me'));
    expect(res.status).toBe(502);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('BAD_GATEWAY');
    expect(body.request_id).toBeTruthy();
  });

  it('answers 504 in the envelope when the service is too slow', async () => {
    const res = await fetch(url('/api/v1/product/slow'));
    expect(res.status).toBe(504);
    expect(((await res.json()) as any).error.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('serves its own /metrics: proxied request durations by route-table prefix, never a service /metrics', async () => {
    const route = { http_route: '/api/v1/cart_item', http_request_method: 'GET', http_response_status_code: '201' };
    const scrape = async () => {
      const res = await fetch(url('/metrics'));
      expect(res.status).toBe(200);
      return res.text();
    };
    const before = await scrape();
    expect((await fetch(url('/api/v1/cart_item/abc-123?page=2'))).status).toBe(201);
    const after = await scrape();
    expect(sampleValue(after, 'http_server_request_duration_seconds_count', route)).toBe(
      sampleValue(before, 'http_server_request_duration_seconds_count', route) + 1,
    );
    expect(after).toContain('service_name="gateway"');
    expect(after).not.toContain('abc-123');
    expect(after).not.toContain('the upstream service metrics');
  });

  it('serves a Swagger UI and each service OpenAPI document', async () => {
    const ui = await fetch(url('/docs'));
    expect(ui.status).toBe(200);
    const page = await ui.text();
    expect(page).toContain('/docs/cart/openapi.json');
    // Offline: every script and stylesheet the page loads comes from the gateway itself.
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, src]) => src!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset, asset).toMatch(/^\/docs\/assets\//);
      const res = await fetch(url(asset));
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(1000);
    }
    const doc = await fetch(url('/docs/cart/openapi.json'));
    expect((await doc.json()) as any).toMatchObject({ info: { title: 'cart' } });
    expect((await fetch(url('/docs/customer/openapi.json'))).status).toBe(502);
  });
});
