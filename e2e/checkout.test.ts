import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newProduct } from './support/api.js';
import { gatewayUrl, startSystem } from './support/system.js';
import { pollUntil } from './support/poll-until.js';

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
});
afterAll(() => system?.stop());

/** A new product with one SKU; returns the SKU id and the product id. */
const newKettle = async (priceCents: number, stock: number) => {
  const product = await newProduct(adminToken, [{ name: 'only', price_cents: priceCents, stock }], 'E2E Kettle');
  return { productId: product.id, skuId: product.variants[0]!.sku_id };
};

const available = async (productId: string) => (await api('GET', `/api/v1/product/${productId}`)).body.data.variants[0].available as number;

const wallet = async (token: string) => (await api('GET', '/api/v1/payment/wallet', { token })).body.data;

/** A new customer whose wallet holds `cents`. */
const buyerWith = async (cents: number) => {
  const buyer = await newCustomer('checkout');
  const topup = await api('POST', '/api/v1/payment/topup', { token: buyer.token, body: { amount_cents: cents, card_token: 'tok_visa' } });
  expect(topup.status, JSON.stringify(topup.body)).toBeLessThan(300);
  return buyer;
};

// api() has no header option: the Idempotency-Key needs a fetch of its own.
const checkout = async (token: string, body: unknown, idempotencyKey?: string) => {
  const res = await fetch(`${gatewayUrl}/api/v1/order`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('checkout through the gateway (TCC over order, stock and payment)', () => {
  it('pays an order: 201 PAID, stock decreased, wallet debited', async () => {
    const buyer = await buyerWith(10_000);
    const { productId, skuId } = await newKettle(1500, 5);

    const res = await checkout(buyer.token, { items: [{ sku_id: skuId, quantity: 2 }] });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'PAID',
      total_cents: 3000,
      items: [{ sku_id: skuId, quantity: 2, unit_price_cents: 1500 }],
    });
    expect(await available(productId)).toBe(3);
    // The answer comes once the decision is durable; the debit's confirm follows within milliseconds.
    await expect
      .poll(() => wallet(buyer.token), { timeout: 5000 })
      .toMatchObject({ balance_cents: 7000, frozen_cents: 0, debited_cents: 3000 });
    const read = await api('GET', `/api/v1/order/${res.body.data.id}`, { token: buyer.token });
    expect(read.body.data.status).toBe('PAID');
  });

  it('answers 409 OUT_OF_STOCK: the order is CANCELLED and the wallet untouched', async () => {
    const buyer = await buyerWith(10_000);
    const { productId, skuId } = await newKettle(1000, 1);

    const res = await checkout(buyer.token, { items: [{ sku_id: skuId, quantity: 2 }] });

    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('OUT_OF_STOCK');
    const read = await api('GET', `/api/v1/order/${res.body.error.details.order_id}`, { token: buyer.token });
    expect(read.body.data).toMatchObject({ status: 'CANCELLED', cancel_reason: 'OUT_OF_STOCK' });
    expect(await available(productId)).toBe(1);
    expect(await wallet(buyer.token)).toMatchObject({ balance_cents: 10_000, frozen_cents: 0, debited_cents: 0 });
  });

  it('answers 402 INSUFFICIENT_FUNDS: the stock is untouched', async () => {
    const buyer = await buyerWith(500);
    const { productId, skuId } = await newKettle(1000, 4);

    const res = await checkout(buyer.token, { items: [{ sku_id: skuId, quantity: 1 }] });

    expect(res.status, JSON.stringify(res.body)).toBe(402);
    expect(res.body.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(await available(productId)).toBe(4);
    expect(await wallet(buyer.token)).toMatchObject({ balance_cents: 500, frozen_cents: 0 });
  });

  it('places one order for the same Idempotency-Key sent twice', async () => {
    const buyer = await buyerWith(10_000);
    const { productId, skuId } = await newKettle(1000, 5);
    const body = { items: [{ sku_id: skuId, quantity: 1 }] };

    const first = await checkout(buyer.token, body, 'e2e-once');
    const second = await checkout(buyer.token, body, 'e2e-once');

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(await available(productId)).toBe(4);
    await expect.poll(async () => (await wallet(buyer.token)).debited_cents, { timeout: 5000 }).toBe(1000);
    expect((await api('GET', '/api/v1/order', { token: buyer.token })).body.page.total).toBe(1);
  });

  it('checks out the cart', async () => {
    const buyer = await buyerWith(10_000);
    const { skuId } = await newKettle(800, 5);
    const added = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: skuId, quantity: 3 } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const res = await checkout(buyer.token, { from_cart: true });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'PAID', total_cents: 2400 });

    // OrderPaid reaches the cart (bought lines removed) and the customer (1 point per full 100 cents) through
    // RocketMQ: eventually, so poll with a bounded timeout.
    const settled = await pollUntil(
      async () => {
        const cart = await api('GET', '/api/v1/cart_item', { token: buyer.token });
        const me = await api('GET', '/api/v1/customer/me', { token: buyer.token });
        return { items: cart.body.data.items.length, points: me.body.data.loyalty_points };
      },
      (state) => state.items === 0 && state.points === 24,
    );
    expect(settled).toEqual({ items: 0, points: 24 });
  });
});
