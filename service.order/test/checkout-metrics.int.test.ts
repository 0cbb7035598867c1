import { initMetrics } from '@micro-ecommerce/pkg/telemetry';
import { openEventStream, sampleValue } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrderHarness, type OrderHarness } from './order-harness.js';

// Checkouts through the service in-process (real order database and broker, fake participants), then what its
// own GET /metrics says about them. Counters are cumulative for the process: each test compares before and after.

const metrics = initMetrics({ serviceName: 'order' });
let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness({}, { metrics });
});
afterAll(async () => {
  await h?.stop();
  await metrics.shutdown();
});

const checkout = (authorization: string, skuId: string, quantity: number) =>
  h.api(authorization, 'POST', '/api/v1/order', { items: [{ sku_id: skuId, quantity }] });

/** How much each sample moved across `act`. */
const movedBy = async (samples: [name: string, labels: Record<string, string>][], act: () => Promise<void>) => {
  const before = await h.metricsText();
  await act();
  const after = await h.metricsText();
  return samples.map(([name, labels]) => sampleValue(after, name, labels) - sampleValue(before, name, labels));
};

describe('order metrics at GET /metrics', () => {
  it('counts a paid checkout: checkouts{outcome=paid}, its CONFIRMED transaction, OrderPaid published', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const sku = h.newSku({ priceCents: 500n, available: 3 });
    const moved = await movedBy(
      [
        ['micro_ecommerce_checkouts_total', { outcome: 'paid' }],
        ['micro_ecommerce_tcc_transactions_total', { state: 'CONFIRMED', finished_by: 'coordinator' }],
        ['micro_ecommerce_events_published_total', { event_type: 'OrderPaid', messaging_destination_name: 'order-events' }],
        [
          'http_server_request_duration_seconds_count',
          { http_route: '/api/v1/order', http_request_method: 'POST', http_response_status_code: '201' },
        ],
      ],
      async () => {
        const res = await checkout(customer.authorization, sku, 1);
        expect(res.status).toBe(201);
        // The transaction ends (CONFIRMED) behind the answer, once the stock and payment confirms ran.
        await expect.poll(() => h.globalTx(res.body.data.id)).toMatchObject({ state: 'CONFIRMED' });
      },
    );
    expect(moved).toEqual([1, 1, 1, 1]);
  });

  it('counts refused checkouts by reason, with their CANCELLED transactions and OrderCancelled events', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 100n);
    const scarce = h.newSku({ priceCents: 50n, available: 1 });
    const dear = h.newSku({ priceCents: 5_000n, available: 5 });
    const moved = await movedBy(
      [
        ['micro_ecommerce_checkouts_total', { outcome: 'out_of_stock' }],
        ['micro_ecommerce_checkouts_total', { outcome: 'insufficient_funds' }],
        ['micro_ecommerce_checkouts_total', { outcome: 'paid' }],
        ['micro_ecommerce_tcc_transactions_total', { state: 'CANCELLED' }],
        ['micro_ecommerce_events_published_total', { event_type: 'OrderCancelled' }],
      ],
      async () => {
        expect((await checkout(customer.authorization, scarce, 2)).status).toBe(409);
        expect((await checkout(customer.authorization, dear, 1)).status).toBe(402);
      },
    );
    expect(moved).toEqual([1, 1, 0, 2, 2]);
  });

  it('reports the live streams open in the process and the ones refused past the per-account limit', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 1_000n);
    const placed = await checkout(customer.authorization, h.newSku(), 1);
    const url = `http://127.0.0.1:${h.httpPort}/api/v1/order/${placed.body.data.id}/events`;
    const max = h.config.services.order.event_streams.max_per_account;
    const open = ['micro_ecommerce_order_streams_open', {}] as [string, Record<string, string>];
    const refused = ['micro_ecommerce_order_stream_refusals_total', { reason: 'too_many_streams' }] as [string, Record<string, string>];
    const streams: Array<{ close(): void }> = [];
    let whileOpen: number;
    try {
      const moved = await movedBy([open, refused], async () => {
        for (let i = 0; i < max; i++) streams.push(await openEventStream(url, { authorization: customer.authorization }));
        expect((await h.api(customer.authorization, 'GET', `/api/v1/order/${placed.body.data.id}/events`)).status).toBe(429);
      });
      expect(moved).toEqual([max, 1]);
      whileOpen = sampleValue(await h.metricsText(), ...open);
    } finally {
      streams.forEach((stream) => stream.close());
    }
    // Closed by their clients: the process counts them out.
    await expect.poll(async () => sampleValue(await h.metricsText(), ...open), { timeout: 5000 }).toBe(whileOpen - max);
  });
});
