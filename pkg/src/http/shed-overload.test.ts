import { pino } from 'pino';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import type { InFlightLimitSettings } from '../config/index.js';
import { createHttpApp } from './create-http-app.js';

const logger = pino({ level: 'silent' });

/** A request the test holds in its handler until it calls release(). */
const holdable = () => {
  let release!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { inside, release, hold: async () => (entered(), await released) };
};

const buildApp = (bulkhead: InFlightLimitSettings = { max_in_flight: 1, max_queued: 0, max_queue_wait_ms: 0 }) => {
  const slow = holdable();
  const app = createHttpApp({
    logger,
    bulkhead,
    metrics: { scrape: async () => '# metrics\n' },
    eventStreamPaths: (path) => /^\/orders\/[^/]+\/events$/.test(path),
  });
  app.get('/slow', async (c) => {
    await slow.hold();
    return c.json({ data: 'slow' });
  });
  app.get('/fast', (c) => c.json({ data: 'fast' }));
  app.get('/boom', () => {
    throw new Error('handler bug');
  });
  // Answers once its client goes away, as a handler whose database query is cancelled would.
  app.get('/until-abort', async (c) => {
    const signal = c.req.raw.signal;
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    return c.json({ data: 'client left' });
  });
  const sse = (c: Context) =>
    streamSSE(c, async (stream) => {
      await stream.sleep(60_000);
    });
  // The app's event-stream route (eventStreamPaths), and a stream on a path that is not one.
  app.get('/orders/:id/events', sse);
  app.get('/stream', sse);
  // A slot taken for as long as the test says: the app is then at its limit.
  const occupy = async () => {
    const running = app.request('/slow');
    await slow.inside;
    return { done: running, release: slow.release };
  };
  return { app, occupy };
};

const json = async (res: Response): Promise<any> => res.json();

describe('shedOverload (the bulkhead of createHttpApp)', () => {
  it('answers 503 OVERLOADED with Retry-After in the error envelope once max_in_flight requests run', async () => {
    const { app, occupy } = buildApp();
    const slot = await occupy();
    const shed = await app.request('/fast', { headers: { 'x-request-id': 'req-7' } });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await json(shed)).toEqual({
      error: { code: 'OVERLOADED', message: expect.any(String), details: { retry_after_seconds: 1 } },
      request_id: 'req-7',
    });
    slot.release();
    expect((await slot.done).status).toBe(200);
    expect((await app.request('/fast')).status).toBe(200);
  });

  it('never limits the probes, the scrape, the documents or a GET of an event-stream route', async () => {
    const { app, occupy } = buildApp();
    app.get('/openapi.json', (c) => c.json({ openapi: '3.1.0' }));
    app.get('/docs', (c) => c.text('ui'));
    app.get('/docs/cart/openapi.json', (c) => c.json({}));
    const slot = await occupy();
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/docs/cart/openapi.json'])
      expect((await app.request(path)).status, path).toBe(200);
    expect((await app.request('/livez')).status).not.toBe(503);
    const stream = await app.request('/orders/o-1/events');
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // Only a GET: another method on the same path is an ordinary request, and waits its turn like one.
    expect((await app.request('/orders/o-1/events', { method: 'POST' })).status).toBe(503);
    slot.release();
    await slot.done;
  });

  it('sheds a request that only asks for an event stream by its Accept header, like any other', async () => {
    const { app, occupy } = buildApp();
    const slot = await occupy();
    for (const path of ['/stream', '/fast', '/orders/o-1'])
      expect((await app.request(path, { headers: { accept: 'text/event-stream' } })).status, path).toBe(503);
    slot.release();
    await slot.done;
  });

  it('gives the slot back when the handler throws', async () => {
    const { app } = buildApp();
    expect((await app.request('/boom')).status).toBe(500);
    expect((await app.request('/fast')).status).toBe(200);
  });

  it('gives the slot back when the client aborts a request in flight', async () => {
    const { app } = buildApp();
    const client = new AbortController();
    const pending = app.request(new Request('http://localhost/until-abort', { signal: client.signal }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await app.request('/fast')).status).toBe(503);
    client.abort();
    await pending;
    expect((await app.request('/fast')).status).toBe(200);
  });

  it('holds no slot for a streamed body once its head is out', async () => {
    const { app } = buildApp();
    const stream = await app.request('/stream');
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await app.request('/fast')).status).toBe(200);
    await stream.body?.cancel();
  });

  it('lets a request wait in the queue for a slot, within max_queue_wait_ms', async () => {
    const { app, occupy } = buildApp({ max_in_flight: 1, max_queued: 1, max_queue_wait_ms: 2000 });
    const slot = await occupy();
    const queued = app.request('/fast');
    expect((await app.request('/fast')).status).toBe(503);
    slot.release();
    expect((await queued).status).toBe(200);
    await slot.done;
  });

  it('sheds a queued request after max_queue_wait_ms, and one whose client left, without running either', async () => {
    const { app, occupy } = buildApp({ max_in_flight: 1, max_queued: 2, max_queue_wait_ms: 30 });
    let runs = 0;
    app.get('/counted', (c) => c.json({ data: ++runs }));
    const slot = await occupy();
    expect((await app.request('/counted')).status).toBe(503);
    const client = new AbortController();
    const leaving = app.request(new Request('http://localhost/counted', { signal: client.signal }));
    client.abort();
    expect((await leaving).status).toBe(503);
    slot.release();
    await slot.done;
    expect((await app.request('/counted')).status).toBe(200);
    expect(runs).toBe(1);
  });
});
