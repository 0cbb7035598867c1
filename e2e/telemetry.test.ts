import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { ServiceProcess } from './support/service-process.js';
import { gatewayUrl, stageConfig, stageFile } from './support/system.js';

let receiver: OtlpReceiver;
const processes: ServiceProcess[] = [];

const serviceProcess = (name: 'customer' | 'product' | 'cart') => {
  const { host, port } = stageConfig.services[name].http;
  return new ServiceProcess(name, `service.${name}/dist/main.js`, `http://${host}:${port}/readyz`, stageFile);
};

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Only the processes a cart read passes through (customer serves the JWKS); batches leave every 200 ms
  // instead of every 5 s, so the spans arrive while the test waits.
  const env = { CONFIG__TELEMETRY__OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
  // The cart without its SKU views: with them, whether the read asks product depends on whether the new SKU's
  // SkuViewsChanged event has reached the cart yet (a race this test lost under load); without, it always does.
  const cartEnv = { ...env, CONFIG__SERVICES__CART__SKU_VIEW_MAX_AGE_MS: '0' };
  for (const proc of [
    serviceProcess('customer'),
    serviceProcess('product'),
    serviceProcess('cart'),
    new ServiceProcess('gateway', 'scripts/gateway/dist/main.js', `${gatewayUrl}/healthz`, stageFile),
  ]) {
    await proc.start(proc.name === 'cart' ? cartEnv : env);
    processes.push(proc);
  }
});
afterAll(async () => {
  for (const proc of processes.reverse()) await proc.stop();
  await receiver?.close();
});

/** Waits (bounded) until `find` returns something from the spans received so far. */
const eventually = async <T>(find: (spans: ReceivedSpan[]) => T | undefined, what: string, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find(receiver.spans);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} received within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

// Exactly one span matching `match` has arrived: the test makes exactly one cart read.
const theOnly = (match: (span: ReceivedSpan) => boolean) => (spans: ReceivedSpan[]) => {
  const found = spans.filter(match);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
};

describe('telemetry', () => {
  it('exports one trace for a cart read with the spans of gateway, cart, product and their data stores', async () => {
    const adminToken = await loginAdmin();
    const buyer = await newCustomer('tracer');
    const sku = await newSku(adminToken, 1500, 4, 'E2E Lantern');
    expect((await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: sku, quantity: 2 } })).status).toBeLessThan(300);

    const cart = await api('GET', '/api/v1/cart_item', { token: buyer.token });
    expect(cart.status).toBe(200);
    expect(cart.body.data.items).toEqual([expect.objectContaining({ sku_id: sku, quantity: 2 })]);

    // The three hops of this one request, each found by what it is rather than by its trace id.
    const gatewayServer = await eventually(
      theOnly(
        (s) =>
          s.service === 'gateway' &&
          s.kind === 'SERVER' &&
          s.attributes['url.path'] === '/api/v1/cart_item' &&
          s.attributes['http.request.method'] === 'GET',
      ),
      'gateway span of GET /api/v1/cart_item',
    );
    const cartServer = await eventually(
      theOnly((s) => s.service === 'cart' && s.kind === 'SERVER' && s.name === 'GET /api/v1/cart_item'),
      'cart span of GET /api/v1/cart_item',
    );
    const productServer = await eventually(
      theOnly((s) => s.service === 'product' && s.kind === 'SERVER' && s.name === '/product.v1.ProductService/GetSkuProperties'),
      'product span of GetSkuProperties',
    );
    expect(new Set([gatewayServer, cartServer, productServer].map((s) => s.traceId)).size).toBe(1);

    const traceId = gatewayServer.traceId;
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const byId = (spanId: string) => inTrace().find((s) => s.spanId === spanId);
    // A span descends from `ancestor` when following its parents reaches it.
    const descendsFrom = (span: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
      for (let parent = byId(span.parentSpanId); parent !== undefined; parent = byId(parent.parentSpanId)) {
        if (parent.spanId === ancestor.spanId) return true;
      }
      return false;
    };

    const cartRedis = await eventually(
      () =>
        inTrace().find(
          (s) => s.service === 'cart' && s.kind === 'CLIENT' && s.attributes['db.system.name'] === 'redis' && s.name === 'HGETALL',
        ),
      'Redis span of the cart read',
    );
    const productPostgres = await eventually(
      () => inTrace().find((s) => s.service === 'product' && s.kind === 'CLIENT' && s.attributes['db.system.name'] === 'postgresql'),
      'PostgreSQL span of the product lookup',
    );

    expect(new Set(inTrace().map((s) => s.service))).toEqual(new Set(['gateway', 'cart', 'product']));
    expect(gatewayServer.parentSpanId).toBe('');
    // gateway SERVER -> gateway CLIENT (the forward) -> cart SERVER
    const forward = byId(cartServer.parentSpanId);
    expect(forward).toMatchObject({ service: 'gateway', kind: 'CLIENT', parentSpanId: gatewayServer.spanId });
    // cart gRPC CLIENT -> product SERVER
    const grpcClient = byId(productServer.parentSpanId);
    expect(grpcClient).toMatchObject({ service: 'cart', kind: 'CLIENT', attributes: expect.objectContaining({ 'rpc.system': 'grpc' }) });
    expect(descendsFrom(grpcClient!, cartServer)).toBe(true);
    expect(descendsFrom(cartRedis, cartServer)).toBe(true);
    expect(descendsFrom(productPostgres, productServer)).toBe(true);
  });
});
