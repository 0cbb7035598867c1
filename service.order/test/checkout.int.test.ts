import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrderHarness, type OrderHarness } from './order-harness.js';

let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness();
});
afterAll(async () => {
  await h?.stop();
});

const checkout = (authorization: string, body: unknown, key?: string) =>
  h.api(authorization, 'POST', '/api/v1/order', body, key === undefined ? {} : { 'idempotency-key': key });

describe('POST /api/v1/order (checkout over TCC)', () => {
  it('places a PAID order: stock sold, wallet debited, global transaction CONFIRMED', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const a = h.newSku({ priceCents: 1250n, available: 5, title: 'Mug' });
    const b = h.newSku({ priceCents: 300n, available: 5 });

    const res = await checkout(customer.authorization, {
      items: [
        { sku_id: a, quantity: 2 },
        { sku_id: b, quantity: 1 },
        { sku_id: a, quantity: 1 },
      ],
    });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'PAID', cancel_reason: null, total_cents: 3 * 1250 + 300 });
    expect(res.body.data.items).toHaveLength(2);
    expect(res.body.data.items).toContainEqual({ sku_id: a, title: 'Mug', quantity: 3, unit_price_cents: 1250 });
    // 201 once the decision is durable (the order PAID with it); the stock and payment confirms run behind it.
    await expect.poll(() => h.globalTx(res.body.data.id)).toMatchObject({ state: 'CONFIRMED', reason: null });
    expect(h.stock.units.get(a)).toEqual({ available: 2, reserved: 0, sold: 3 });
    expect(h.wallet.wallets.get(customer.id)).toEqual({ balance: 10_000n - 4050n, frozen: 0n, debited: 4050n });

    const read = await h.api(customer.authorization, 'GET', `/api/v1/order/${res.body.data.id}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(res.body.data);
  });

  it('answers 409 OUT_OF_STOCK and leaves the order CANCELLED with nothing reserved or frozen', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const sku = h.newSku({ available: 1 });

    const res = await checkout(customer.authorization, { items: [{ sku_id: sku, quantity: 2 }] });

    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('OUT_OF_STOCK');
    const orderId = res.body.error.details.order_id as string;
    const read = await h.api(customer.authorization, 'GET', `/api/v1/order/${orderId}`);
    expect(read.body.data).toMatchObject({ status: 'CANCELLED', cancel_reason: 'OUT_OF_STOCK' });
    expect(h.stock.units.get(sku)).toEqual({ available: 1, reserved: 0, sold: 0 });
    expect(h.wallet.wallets.get(customer.id)).toEqual({ balance: 10_000n, frozen: 0n, debited: 0n });
    const tx = await h.globalTx(orderId);
    expect(tx).toMatchObject({ state: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    // payment was never tried, yet every branch got its cancel (the wallet's is an empty rollback)
    expect(h.wallet.count('try', tx!.xid)).toBe(0);
    expect(h.wallet.count('cancel', tx!.xid)).toBe(1);
    expect(h.stock.count('cancel', tx!.xid)).toBe(1);
  });

  it('answers 402 INSUFFICIENT_FUNDS and returns the reserved units', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 500n);
    const sku = h.newSku({ priceCents: 1000n, available: 4 });

    const res = await checkout(customer.authorization, { items: [{ sku_id: sku, quantity: 1 }] });

    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('INSUFFICIENT_FUNDS');
    const read = await h.api(customer.authorization, 'GET', `/api/v1/order/${res.body.error.details.order_id}`);
    expect(read.body.data).toMatchObject({ status: 'CANCELLED', cancel_reason: 'INSUFFICIENT_FUNDS' });
    expect(h.stock.units.get(sku)).toEqual({ available: 4, reserved: 0, sold: 0 });
    expect(h.wallet.wallets.get(customer.id)).toEqual({ balance: 500n, frozen: 0n, debited: 0n });
  });

  it('answers 404 SKU_NOT_FOUND before any transaction starts', async () => {
    const customer = await h.newCustomer();
    const unknown = crypto.randomUUID();
    const res = await checkout(customer.authorization, { items: [{ sku_id: unknown, quantity: 1 }] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'SKU_NOT_FOUND', details: { sku_ids: [unknown] } });
    expect((await h.api(customer.authorization, 'GET', '/api/v1/order')).body.page.total).toBe(0);
  });

  it("checks out the caller's cart", async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const sku = h.newSku({ priceCents: 700n });
    h.cart.carts.set(customer.id, [{ skuId: sku, quantity: 2 }]);

    const res = await checkout(customer.authorization, { from_cart: true });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'PAID', total_cents: 1400, items: [{ sku_id: sku, quantity: 2 }] });
  });

  it('refuses an empty cart with 409 CART_EMPTY', async () => {
    const customer = await h.newCustomer();
    const res = await checkout(customer.authorization, { from_cart: true });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CART_EMPTY');
  });

  it.each([
    ['quantity 0', { items: [{ sku_id: crypto.randomUUID(), quantity: 0 }] }, 'items.0.quantity'],
    ['a fractional quantity', { items: [{ sku_id: crypto.randomUUID(), quantity: 1.5 }] }, 'items.0.quantity'],
    ['a sku_id that is no id', { items: [{ sku_id: 'nope', quantity: 1 }] }, 'items.0.sku_id'],
    ['neither items nor from_cart', {}, 'items'],
    ['both items and from_cart', { items: [{ sku_id: crypto.randomUUID(), quantity: 1 }], from_cart: true }, 'from_cart'],
  ])('answers 400 naming the field for %s', async (_name, body, field) => {
    const customer = await h.newCustomer();
    const res = await checkout(customer.authorization, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(field);
  });

  it('answers 400 MALFORMED_JSON and 401 without a token', async () => {
    const customer = await h.newCustomer();
    const malformed = await checkout(customer.authorization, '{"items": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const anonymous = await h.api(null, 'POST', '/api/v1/order', { from_cart: true });
    expect(anonymous.status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('returns the same order for a repeated key and charges once', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const sku = h.newSku({ priceCents: 1000n });
    const body = { items: [{ sku_id: sku, quantity: 1 }] };

    const first = await checkout(customer.authorization, body, 'key-1');
    const second = await checkout(customer.authorization, body, 'key-1');

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
    await expect.poll(() => h.wallet.wallets.get(customer.id)!.debited).toBe(1000n);
    expect((await h.api(customer.authorization, 'GET', '/api/v1/order')).body.page.total).toBe(1);
  });

  it('places one order when two requests with the same key race', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 10_000n);
    const sku = h.newSku({ priceCents: 1000n, available: 10 });
    const body = { items: [{ sku_id: sku, quantity: 1 }] };

    const [a, b] = await Promise.all([checkout(customer.authorization, body, 'race'), checkout(customer.authorization, body, 'race')]);

    // The loser replays the winner's order: 202 while the winner's confirm (and its OrderPaid) is still in flight.
    expect([a.status, b.status]).toContain(201);
    for (const status of [a.status, b.status]) expect([201, 202]).toContain(status);
    expect(a.body.data.id).toBe(b.body.data.id);
    await expect.poll(() => h.wallet.wallets.get(customer.id)!.debited).toBe(1000n);
    expect(h.stock.units.get(sku)).toMatchObject({ available: 9, sold: 1, reserved: 0 });
    expect((await h.api(customer.authorization, 'GET', '/api/v1/order')).body.page.total).toBe(1);
  });

  it('replays a cancelled checkout with the same error, not a new attempt', async () => {
    const customer = await h.newCustomer();
    h.wallet.topUp(customer.id, 100n);
    const sku = h.newSku({ priceCents: 1000n });
    const body = { items: [{ sku_id: sku, quantity: 1 }] };

    const first = await checkout(customer.authorization, body, 'poor');
    h.wallet.topUp(customer.id, 10_000n);
    const second = await checkout(customer.authorization, body, 'poor');

    expect(first.status).toBe(402);
    expect(second.status).toBe(402);
    expect(second.body.error.details.order_id).toBe(first.body.error.details.order_id);
    expect(h.wallet.wallets.get(customer.id)!.debited).toBe(0n);
  });

  it('is scoped to the customer: another customer may use the same key', async () => {
    const [one, two] = [await h.newCustomer(), await h.newCustomer()];
    const sku = h.newSku();
    for (const c of [one, two]) h.wallet.topUp(c.id, 10_000n);
    const a = await checkout(one.authorization, { items: [{ sku_id: sku, quantity: 1 }] }, 'shared');
    const b = await checkout(two.authorization, { items: [{ sku_id: sku, quantity: 1 }] }, 'shared');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.data.id).not.toBe(b.body.data.id);
  });
});

describe('GET /api/v1/order', () => {
  it('serves the OpenAPI document of the order API', async () => {
    const res = await h.api(null, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/order', '/api/v1/order/{id}']));
  });

  it("hides another customer's order (404) and lists only the caller's, newest first", async () => {
    const [owner, other] = [await h.newCustomer(), await h.newCustomer()];
    h.wallet.topUp(owner.id, 10_000n);
    const sku = h.newSku({ priceCents: 100n });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await checkout(owner.authorization, { items: [{ sku_id: sku, quantity: 1 }] })).body.data.id);

    const foreign = await h.api(other.authorization, 'GET', `/api/v1/order/${ids[0]}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
    expect((await h.api(owner.authorization, 'GET', '/api/v1/order/not-a-uuid')).status).toBe(404);
    expect((await h.api(other.authorization, 'GET', '/api/v1/order')).body).toMatchObject({ data: [], page: { total: 0 } });

    const page1 = await h.api(owner.authorization, 'GET', '/api/v1/order?page=1&page_size=2');
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.page).toEqual({ page: 1, page_size: 2, total: 3, total_pages: 2 });
    const page2 = await h.api(owner.authorization, 'GET', '/api/v1/order?page=2&page_size=2');
    expect(page2.body.data.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    expect((await h.api(owner.authorization, 'GET', '/api/v1/order?page_size=0')).status).toBe(400);
  });
});
