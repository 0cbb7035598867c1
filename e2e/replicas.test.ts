import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newProduct, newSku } from './support/api.js';
import { instanceSamples } from './support/instance-metrics.js';
import { pollUntil } from './support/poll-until.js';
import { startSystem } from './support/system.js';

// Two instances of product and of order on one machine (pkg/src/config/replica-addresses.ts: slot 1 on the
// stage's ports + 10), the gateway balancing public requests over the ready ones, and order's gRPC clients
// spreading their calls over both product instances (round_robin over an ipv4: target naming every slot).

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem({ replicas: { product: 2, order: 2 } });
  adminToken = await loginAdmin();
});
afterAll(async () => {
  await system?.stop();
});

const instancesOf = (service: string) => [system.processes[service]!, system.processes[`${service}-1`]!];
const delta = (after: number[], before: number[]) => after.map((value, i) => value - before[i]!);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('two replicas behind the gateway', () => {
  it('sends public reads to both product instances', async () => {
    const product = await newProduct(adminToken, [{ name: 'only', price_cents: 150, stock: 10 }], 'Replicas');
    const GETS = { http_request_method: 'GET' };
    const before = await instanceSamples(instancesOf('product'), 'http_server_request_duration_seconds_count', GETS);
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await api('GET', `/api/v1/product/${product.id}`)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const served = delta(await instanceSamples(instancesOf('product'), 'http_server_request_duration_seconds_count', GETS), before);
    expect(sum(served)).toBe(20);
    for (const count of served) expect(count, `GETs per product instance: ${served.join(', ')}`).toBeGreaterThanOrEqual(5);
  });

  it('runs checkouts on both order instances, each calling both product instances over gRPC', async () => {
    const PRICE_CENTS = 200;
    const CHECKOUTS = 10;
    const skuId = await newSku(adminToken, PRICE_CENTS, 100, 'Replicas');
    const buyer = await newCustomer('replicas');
    const topUp = await api('POST', '/api/v1/payment/topup', { token: buyer.token, body: { amount_cents: 5000, card_token: 'tok_visa' } });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);

    const PAID = { outcome: 'paid' };
    const ordersBefore = await instanceSamples(instancesOf('order'), 'micro_ecommerce_checkouts_total', PAID);
    // Every gRPC call a product instance served: each checkout makes three (GetSkuProperties on order's product
    // channel, TryReserve and ConfirmReserve on its stock channel), and each channel takes its instances in turn.
    const grpcBefore = await instanceSamples(instancesOf('product'), 'rpc_server_call_duration_seconds_count');
    for (let i = 0; i < CHECKOUTS; i++) {
      const res = await api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
      expect([res.status, res.body.data?.status], JSON.stringify(res.body)).toEqual([201, 'PAID']);
    }
    const orders = delta(await instanceSamples(instancesOf('order'), 'micro_ecommerce_checkouts_total', PAID), ordersBefore);
    // The confirms run behind each 201 (the checkout's fast path): wait for the last ones.
    const grpc = await pollUntil(
      async () => delta(await instanceSamples(instancesOf('product'), 'rpc_server_call_duration_seconds_count'), grpcBefore),
      (counts) => sum(counts) >= 3 * CHECKOUTS,
      10_000,
    );
    expect(sum(orders)).toBe(CHECKOUTS);
    for (const count of orders) expect(count, `checkouts per order instance: ${orders.join(', ')}`).toBeGreaterThan(0);
    expect(sum(grpc)).toBeGreaterThanOrEqual(3 * CHECKOUTS);
    for (const count of grpc) expect(count, `gRPC calls per product instance: ${grpc.join(', ')}`).toBeGreaterThanOrEqual(CHECKOUTS / 2);
    const wallet = (await api('GET', '/api/v1/payment/wallet', { token: buyer.token })).body.data;
    expect(wallet.balance_cents + wallet.frozen_cents).toBe(5000 - CHECKOUTS * PRICE_CENTS);
  });
});
