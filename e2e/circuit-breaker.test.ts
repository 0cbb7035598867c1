import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newFundedCustomer, newSku } from './support/api.js';
import { orderCircuitState } from './support/order-circuits.js';
import { pollUntil } from './support/poll-until.js';
import { stageConfig, startSystem } from './support/system.js';

// The order service's circuit breaker in front of payment (pkg/src/grpc/circuit-breaker.ts), with real processes:
// payment is stopped, checkouts fail with 503 PAYMENT_UNAVAILABLE until the circuit opens, then fail fast without
// placing anything; payment comes back, one probe closes the circuit, and checkout pays again. Money frozen by
// the checkouts that failed is released once payment answers (recovery cancels their debits).

const PRICE_CENTS = 300;
const TOP_UP_CENTS = 5_000;
const { consecutive_failures: OPENS_AFTER, half_open_after_ms: HALF_OPEN_AFTER_MS } = stageConfig.grpc.circuit_breaker;

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
});
afterAll(async () => {
  await system?.stop();
});

const paymentCircuit = () => orderCircuitState('payment');

const ordersOf = async (token: string): Promise<number> => {
  const res = await api('GET', '/api/v1/order?page=1&page_size=100', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as unknown[]).length;
};

const wallet = async (token: string) => (await api('GET', '/api/v1/payment/wallet', { token })).body.data;

describe('circuit breaker: order -> payment', () => {
  it('opens while payment is down (fast 503 with Retry-After, nothing placed), and closes once it is back', async () => {
    const skuId = await newSku(adminToken, PRICE_CENTS, 100, 'Breaker');
    const buyer = await newFundedCustomer('breaker', TOP_UP_CENTS);
    const checkout = () => api('POST', '/api/v1/order', { token: buyer.token, body: { items: [{ sku_id: skuId, quantity: 1 }] } });
    expect(await paymentCircuit()).toBe(0);

    const payment = system.processes.payment!;
    await payment.stop();
    try {
      // Each of these placed an order that its try failed to pay: CANCELLED, reason PAYMENT_UNAVAILABLE. The
      // debit cancels that follow fail too, and count: the circuit opens within OPENS_AFTER checkouts.
      let placed = 0;
      while (placed < OPENS_AFTER && (await paymentCircuit()) !== 2) {
        const res = await checkout();
        expect([res.status, res.body?.error?.code], JSON.stringify(res.body)).toEqual([503, 'PAYMENT_UNAVAILABLE']);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        if (res.body.error.details.order_id !== undefined) placed += 1;
      }
      expect(await paymentCircuit()).toBe(2);
      const placedBeforeOpen = await ordersOf(buyer.token);
      expect(placedBeforeOpen).toBe(placed);

      // Open: refused before anything is placed, with the seconds until the circuit lets a probe through.
      const fast = await checkout();
      expect([fast.status, fast.body?.error?.code], JSON.stringify(fast.body)).toEqual([503, 'PAYMENT_UNAVAILABLE']);
      expect(fast.body.error.details).toMatchObject({ retry_after_seconds: expect.any(Number) });
      expect(fast.body.error.details.order_id).toBeUndefined();
      const retryAfter = Number(fast.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil(HALF_OPEN_AFTER_MS / 1000));
      expect(await ordersOf(buyer.token)).toBe(placedBeforeOpen);
    } finally {
      await payment.start();
    }

    // Past the pause, the next checkout is the probe: it pays, and the circuit closes.
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_AFTER_MS + 500));
    const paid = await checkout();
    expect([paid.status, paid.body?.data?.status], JSON.stringify(paid.body)).toEqual([201, 'PAID']);
    expect(await paymentCircuit()).toBe(0);

    // The failed checkouts froze nothing for good: recovery cancels their debits now that payment answers.
    const settled = await pollUntil(
      () => wallet(buyer.token),
      (w) => w.frozen_cents === 0 && w.debited_cents === PRICE_CENTS,
      60_000,
    );
    expect(settled).toMatchObject({ balance_cents: TOP_UP_CENTS - PRICE_CENTS, frozen_cents: 0, debited_cents: PRICE_CENTS });
  }, 120_000);
});
