import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollingRestart, settleMsOf } from '../scripts/rolling-restart/rolling-restart.js';
import { api, loginAdmin, newCustomer, newProduct } from './support/api.js';
import { instanceSample } from './support/instance-metrics.js';
import type { ServiceProcess } from './support/service-process.js';
import { steadyLoad } from './support/steady-load.js';
import { startSystem } from './support/system.js';

// `make rolling-restart svc=product` under steady load, with the same steps (scripts/rolling-restart): a new
// product instance on the spare slot, ready, callers given time to find it, the old one drained with SIGTERM,
// then back to slot 0. The load reaches product both ways: through the gateway (GET /product/{id}, and a stock
// write that the gateway would never send twice: it must stop sending to an instance as soon as its /readyz turns
// 503) and through cart over gRPC (PUT /cart_item: cart's round_robin channel must have the new instance before
// the old one goes). Not one request may fail.

const CONNECTIONS = 4;

let system: Awaited<ReturnType<typeof startSystem>>;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

describe('rolling restart under load', () => {
  it('replaces every product instance one by one with 0 failed requests and 0 connection errors', async () => {
    const adminToken = await loginAdmin();
    const product = await newProduct(adminToken, [{ name: 'only', price_cents: 120, stock: 50 }], 'Rolling');
    const skuId = product.variants[0]!.sku_id;
    const buyer = await newCustomer('rolling');
    expect((await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: 1 } })).status).toBe(201);

    let n = 0;
    const requests = [
      async () => ({ label: 'GET /product/{id}', ...(await api('GET', `/api/v1/product/${product.id}`)) }),
      // A write the gateway never sends twice: it must reach a ready instance the first time.
      async () => ({
        label: 'PUT /product/sku/{sku}/stock',
        ...(await api('PUT', `/api/v1/product/sku/${skuId}/stock`, {
          token: adminToken,
          body: { available: 50, reason: 'rolling restart' },
        })),
      }),
      async () => ({
        label: 'PUT /cart_item/{sku}',
        ...(await api('PUT', `/api/v1/cart_item/${skuId}`, { token: buyer.token, body: { quantity: 1 + (n++ % 5) } })),
      }),
    ];
    const running = { value: true };
    const load = steadyLoad(requests, running, CONNECTIONS);

    const slots = new Map<number, ServiceProcess>([[0, system.processes.product!]]);
    const drained: ServiceProcess[] = [];
    const log: string[] = [];
    const started = Date.now();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the load runs before anything moves
      await rollingRestart(
        {
          start: async (slot) => void slots.set(slot, await system.startInstance('product', slot)),
          drain: async (slot) => {
            const old = slots.get(slot)!;
            slots.delete(slot);
            await old.stop();
            drained.push(old);
          },
        },
        { replicas: system.replicas.product, settleMs: settleMsOf('product'), log: (line) => log.push(line) },
      );
      await new Promise((resolve) => setTimeout(resolve, 1000)); // and after everything moved
    } finally {
      running.value = false;
      await load.done;
    }

    const { tally } = load;
    const total = Object.values(tally.sent).reduce((a, b) => a + b, 0);
    console.log(`rolling restart of product in ${Date.now() - started} ms under load: ${JSON.stringify(tally.sent)}; ${log.join(' | ')}`);
    expect(tally.failures.slice(0, 10), `${tally.failures.length} failed of ${total}`).toEqual([]);
    expect(tally.sent['GET /product/{id}']).toBeGreaterThan(50);
    expect(tally.sent['PUT /cart_item/{sku}']).toBeGreaterThan(50);
    expect(tally.sent['PUT /product/sku/{sku}/stock']).toBeGreaterThan(50);
    // Each old instance drained and exited on its own (0), not killed after the drain timed out.
    expect(drained).toHaveLength(system.replicas.product + 1);
    for (const proc of drained) expect(await proc.waitForExit(1000)).toBe(0);
    // The traffic moved: the instance now on slot 0 is a new process that served both kinds of request.
    const now = slots.get(0)!;
    expect(drained).not.toContain(now);
    expect(await instanceSample(now, 'http_server_request_duration_seconds_count', { http_request_method: 'GET' })).toBeGreaterThan(0);
    expect(await instanceSample(now, 'rpc_server_call_duration_seconds_count')).toBeGreaterThan(0);
  });
});
