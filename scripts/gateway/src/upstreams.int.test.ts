import { loadRouteTable } from '@micro-ecommerce/pkg/config';
import { createHttpApp, serveHttp, type RunningHttpServer } from '@micro-ecommerce/pkg/http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './create-gateway.js';
import { Upstreams } from './upstreams.js';

const logger = pino({ level: 'silent' });
// Nothing listens on the discard port: a refused connection.
const DEAD = 'http://127.0.0.1:9';
const routes = loadRouteTable().filter((route) => route.service === 'product');

/** A stand-in product instance that names itself in every answer and whose /readyz a test switches. */
const instance = async (name: string) => {
  const state = { ready: true, served: 0 };
  const app = createHttpApp({ logger, isDraining: () => !state.ready });
  app.all('/api/v1/product/*', (c) => {
    state.served += 1;
    return c.json({ data: { instance: name } }, c.req.method === 'POST' ? 201 : 200);
  });
  const server = await serveHttp(app, { host: '127.0.0.1', port: 0 });
  return { state, server, origin: `http://127.0.0.1:${server.port}` };
};

const servers: RunningHttpServer[] = [];
const polling: Upstreams[] = [];
let a: Awaited<ReturnType<typeof instance>>;
let b: Awaited<ReturnType<typeof instance>>;

beforeAll(async () => {
  a = await instance('a');
  b = await instance('b');
  servers.push(a.server, b.server);
});

afterAll(async () => {
  await Promise.all(polling.map((upstreams) => upstreams.stop()));
  await Promise.all(servers.map((server) => server.close()));
});

const gatewayOver = async (upstreams: Upstreams) => {
  const app = createGateway({ routes, origins: { product: a.origin }, upstreamTimeoutMs: 2000, logger, upstreams });
  const server = await serveHttp(app, { host: '127.0.0.1', port: 0 });
  servers.push(server);
  return async (method: string, path = '/api/v1/product/p-1') => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
    const body = (await res.json()) as { data?: { instance: string } };
    return { status: res.status, instance: body.data?.instance };
  };
};

const answersOf = async (send: (method: string) => Promise<{ status: number; instance?: string }>, count: number) => {
  const answers: Array<{ status: number; instance?: string }> = [];
  for (let i = 0; i < count; i++) answers.push(await send('GET'));
  return answers;
};

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the gateway over several instances of a service', () => {
  it('sends only to instances whose /readyz answers 200, over all of them, and follows readiness as it changes', async () => {
    b.state.ready = false;
    const upstreams = new Upstreams({ product: [a.origin, b.origin, DEAD] }, { logger, pollIntervalMs: 50 }).start();
    polling.push(upstreams);
    await upstreams.probed();
    expect([upstreams.stateOf(a.origin), upstreams.stateOf(b.origin), upstreams.stateOf(DEAD)]).toEqual(['ready', 'not_ready', 'down']);
    const send = await gatewayOver(upstreams);

    const onlyA = await answersOf(send, 10);
    expect(onlyA.every((answer) => answer.status === 200 && answer.instance === 'a')).toBe(true);

    b.state.ready = true;
    await until(() => upstreams.stateOf(b.origin) === 'ready');
    const both = await answersOf(send, 10);
    expect(both.filter((answer) => answer.instance === 'a')).toHaveLength(5);
    expect(both.filter((answer) => answer.instance === 'b')).toHaveLength(5);

    // a starts draining: its /readyz turns 503 while it still serves, and the gateway stops sending to it.
    a.state.ready = false;
    await until(() => upstreams.stateOf(a.origin) === 'not_ready');
    const servedBefore = a.state.served;
    const onlyB = await answersOf(send, 10);
    expect(onlyB.every((answer) => answer.status === 200 && answer.instance === 'b')).toBe(true);
    expect(a.state.served).toBe(servedBefore);
    a.state.ready = true;
  });

  it('probes first when no instance is known to answer, instead of sending to a closed port', async () => {
    // Never polled: both start unknown.
    const upstreams = new Upstreams({ product: [DEAD, a.origin] }, { logger });
    const send = await gatewayOver(upstreams);
    expect(await send('POST')).toEqual({ status: 201, instance: 'a' });
    expect([upstreams.stateOf(DEAD), upstreams.stateOf(a.origin)]).toEqual(['down', 'ready']);
  });

  /** Upstreams that last saw `gone` ready, which has stopped since (no poll noticed yet), and `a`. */
  const staleOver = async () => {
    const gone = await instance('gone');
    const upstreams = new Upstreams({ product: [gone.origin, a.origin] }, { logger });
    await upstreams.probed();
    await gone.server.close();
    expect(upstreams.stateOf(gone.origin)).toBe('ready');
    return { upstreams, gone: gone.origin, send: await gatewayOver(upstreams) };
  };

  it('takes an instance whose connection is refused out at once and sends a GET again to another one', async () => {
    const { upstreams, gone, send } = await staleOver();
    expect(await send('GET')).toEqual({ status: 200, instance: 'a' });
    expect(upstreams.stateOf(gone)).toBe('down');
  });

  it('never sends a POST twice: a refused connection answers 502 and takes the instance out', async () => {
    const { upstreams, gone, send } = await staleOver();
    const servedBefore = a.state.served;
    expect((await send('POST')).status).toBe(502);
    expect(a.state.served).toBe(servedBefore);
    expect(upstreams.stateOf(gone)).toBe('down');
    expect(await send('POST')).toEqual({ status: 201, instance: 'a' });
  });
});
