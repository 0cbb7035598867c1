import { randomBytes } from 'node:crypto';
import { waitUntil } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newSku } from './support/api.js';
import { findTraceIds, jaegerUrl, traceSpans, type JaegerSpan } from './support/jaeger-api.js';
import { gatewayUrl, startSystem } from './support/system.js';

// The processes run exactly as `make dev` runs them: the stage's telemetry.otlp_endpoint points at the Jaeger of
// `make infra-up`, and nothing here shortens the 5 s export interval.
let system: Awaited<ReturnType<typeof startSystem>>;

beforeAll(async () => {
  const services = await fetch(`${jaegerUrl}/api/services`).catch((error: Error) => error);
  if (!(services instanceof Response) || !services.ok) {
    throw new Error(
      `Jaeger does not answer at ${jaegerUrl} (${services instanceof Response ? services.status : services.message}): run \`make infra-up\``,
    );
  }
  system = await startSystem();
});
afterAll(() => system?.stop());

const PROCESSES = ['gateway', 'order', 'product', 'payment', 'cart', 'customer'];

describe('Jaeger (make infra-up) as the stage exports spans to it', () => {
  it('holds a checkout as one trace across gateway, order, product, payment, cart and customer', async () => {
    const adminToken = await loginAdmin();
    const buyer = await newCustomer('jaeger');
    const topup = await api('POST', '/api/v1/payment/topup', {
      token: buyer.token,
      body: { amount_cents: 10_000, card_token: 'tok_visa' },
    });
    expect(topup.status, JSON.stringify(topup.body)).toBeLessThan(300);
    const sku = await newSku(adminToken, 1500, 5, 'E2E Jaeger Lamp');
    const added = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: sku, quantity: 2 } });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);

    // The caller starts the trace (W3C traceparent), so the test knows its id before Jaeger does.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const startedAt = Date.now();
    const res = await fetch(`${gatewayUrl}/api/v1/order`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${buyer.token}`,
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({ from_cart: true }),
    });
    const order = (await res.json()) as any;
    expect(res.status, JSON.stringify(order)).toBe(201);
    expect(order.data.status).toBe('PAID');

    // cart and customer handle OrderPaid after the answer; every process exports in batches every 5 s.
    let spans: JaegerSpan[] = [];
    const consumed = (service: string) =>
      spans.some((s) => s.service === service && s.kind === 'consumer' && s.tags['event.type'] === 'OrderPaid');
    const complete = await waitUntil(async () => {
      spans = await traceSpans(traceId);
      return PROCESSES.every((p) => spans.some((s) => s.service === p)) && consumed('cart') && consumed('customer');
    }, 30_000);
    expect(complete, `trace ${traceId} so far: ${spans.map((s) => `${s.service} ${s.kind} ${s.operationName}`).join('; ')}`).toBe(true);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(PROCESSES));

    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const descendsFrom = (span: JaegerSpan, ancestor: JaegerSpan): boolean => {
      for (let parent = byId.get(span.parentSpanId); parent !== undefined; parent = byId.get(parent.parentSpanId)) {
        if (parent === ancestor) return true;
      }
      return false;
    };
    const one = (what: string, match: (s: JaegerSpan) => boolean): JaegerSpan => {
      const found = spans.filter(match);
      expect(found, what).toHaveLength(1);
      return found[0]!;
    };

    // gateway SERVER (child of the caller) -> gateway CLIENT (the forward) -> order SERVER
    const gatewayServer = one('gateway SERVER span', (s) => s.service === 'gateway' && s.kind === 'server');
    expect(gatewayServer.parentSpanId).toBe(callerSpanId);
    const orderServer = one(
      'order SERVER span',
      (s) => s.service === 'order' && s.kind === 'server' && s.operationName === 'POST /api/v1/order',
    );
    expect(byId.get(orderServer.parentSpanId)).toMatchObject({ service: 'gateway', kind: 'client', parentSpanId: gatewayServer.spanId });

    // order -> product (stock) and payment (wallet) over gRPC: the TCC try and confirm of each.
    for (const [service, methods] of [
      ['product', ['TryReserve', 'ConfirmReserve']],
      ['payment', ['TryDebit', 'ConfirmDebit']],
    ] as const) {
      for (const method of methods) {
        const server = one(
          `${service} ${method}`,
          (s) => s.service === service && s.kind === 'server' && s.operationName.endsWith(`/${method}`),
        );
        expect(server.tags['rpc.system']).toBe('grpc');
        expect(byId.get(server.parentSpanId)).toMatchObject({ service: 'order', kind: 'client' });
        expect(descendsFrom(server, orderServer)).toBe(true);
      }
    }
    // order's own PostgreSQL work, and the OrderPaid message it publishes in its transaction.
    expect(spans.some((s) => s.service === 'order' && s.kind === 'client' && s.tags['db.system.name'] === 'postgresql')).toBe(true);
    const publish = one('OrderPaid publish', (s) => s.service === 'order' && s.kind === 'producer' && s.tags['event.type'] === 'OrderPaid');
    expect(descendsFrom(publish, orderServer)).toBe(true);

    // RocketMQ carries the trace into the cart and customer consumers.
    for (const service of ['cart', 'customer']) {
      const consumer = one(
        `${service} OrderPaid consumer`,
        (s) => s.service === service && s.kind === 'consumer' && s.tags['event.type'] === 'OrderPaid',
      );
      expect(consumer.tags['messaging.system']).toBe('rocketmq');
      expect(descendsFrom(consumer, publish)).toBe(true);
    }

    // Jaeger's search (what the UI's "Find Traces" asks) finds it under gateway (whose SERVER spans are all
    // named after its catch-all route, `POST /*`: the path is the url.path tag) and under order.
    expect(await findTraceIds({ service: 'gateway', tags: { 'url.path': '/api/v1/order' }, since: startedAt })).toContain(traceId);
    expect(await findTraceIds({ service: 'order', operation: 'POST /api/v1/order', since: startedAt })).toContain(traceId);
  });
});
