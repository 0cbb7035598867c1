import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOrderHarness, type OrderHarness } from './order-harness.js';

let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness({ checkout_timeout_ms: 300 });
});
afterAll(async () => {
  await h?.stop();
});

it('answers 504 TIMEOUT when a try outlives the deadline, and cancels every branch', async () => {
  const customer = await h.newCustomer();
  h.wallet.topUp(customer.id, 10_000n);
  const sku = h.newSku({ available: 3 });
  h.stock.tryDelayMs = 600;

  const res = await h.api(customer.authorization, 'POST', '/api/v1/order', { items: [{ sku_id: sku, quantity: 1 }] });

  expect(res.status).toBe(504);
  expect(res.body.error.code).toBe('TIMEOUT');
  const orderId = res.body.error.details.order_id as string;
  const read = await h.api(customer.authorization, 'GET', `/api/v1/order/${orderId}`);
  expect(read.body.data).toMatchObject({ status: 'CANCELLED', cancel_reason: 'TIMEOUT' });
  const tx = await h.globalTx(orderId);
  expect(tx).toMatchObject({ state: 'CANCELLED', reason: 'TIMEOUT' });
  // The abandoned try lands after its cancel: the fake's barrier keeps it from reserving anything.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(h.stock.units.get(sku)).toEqual({ available: 3, reserved: 0, sold: 0 });
  expect(h.wallet.count('try', tx!.xid)).toBe(0);
});
