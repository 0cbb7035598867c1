import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { section, startCartHarness } from './cart-harness.js';

// The public HTTP API of the whole service, against the real Redis and a fake product service over real gRPC.

const harness = await startCartHarness();
const { api, newCustomer, newSku, product, redis } = harness;
afterAll(() => harness.stop());
beforeEach(() => product.resetCalls());

const errorFields = (body: any): string[] => body.error.details.fields.map((field: { field: string }) => field.field);

describe('cart service over HTTP', () => {
  it('prices and checks a cart of ten lines with exactly one GetSkuProperties call', async () => {
    const alice = await newCustomer();
    const skus = Array.from({ length: 10 }, (_, i) => newSku({ priceCents: BigInt(100 + i) }));
    for (const sku of skus)
      expect((await api(alice.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 2 })).status).toBe(201);
    product.resetCalls();

    const res = await api(alice.authorization, 'GET', '/api/v1/cart_item');
    expect(res.status).toBe(200);
    expect(product.calls).toEqual({ getSkuProperties: 1, getSkuStock: 0 });
    expect(res.body.data.items).toHaveLength(10);
    expect(res.body.data.items.every((item: any) => item.valid === true && item.invalid_reason === undefined)).toBe(true);
    expect(res.body.data.total_cents).toBe(2 * (100 * 10 + 45));
    expect(res.body.data.item_count).toBe(20);
  });

  it('reflects add, increase, set and delete in the cart', async () => {
    const bob = await newCustomer();
    const sku = newSku({ title: 'Trail shoe', variantName: 'Blue / 42', priceCents: 8999n, available: 7 });
    expect(await api(bob.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 1 })).toEqual({
      status: 201,
      body: { data: { sku_id: sku, quantity: 1, available: 7 } },
    });
    expect((await api(bob.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 2 })).body.data.quantity).toBe(3);
    expect((await api(bob.authorization, 'GET', '/api/v1/cart_item')).body).toEqual({
      data: {
        items: [{ sku_id: sku, quantity: 3, title: 'Trail shoe', variant_name: 'Blue / 42', price_cents: 8999, available: 7, valid: true }],
        total_cents: 26997,
        item_count: 3,
      },
    });

    expect(await api(bob.authorization, 'PUT', `/api/v1/cart_item/${sku}`, { quantity: 5 })).toEqual({
      status: 200,
      body: { data: { sku_id: sku, quantity: 5, available: 7 } },
    });
    expect((await api(bob.authorization, 'GET', '/api/v1/cart_item')).body.data.total_cents).toBe(5 * 8999);

    expect(await api(bob.authorization, 'DELETE', `/api/v1/cart_item/${sku}`)).toEqual({ status: 204, body: null });
    expect((await api(bob.authorization, 'GET', '/api/v1/cart_item')).body).toEqual({ data: { items: [], total_cents: 0, item_count: 0 } });
    expect((await api(bob.authorization, 'DELETE', `/api/v1/cart_item/${sku}`)).body.error.code).toBe('CART_ITEM_NOT_FOUND');
  });

  it('marks a line invalid once the stock falls below its quantity, and a deleted SKU as not found', async () => {
    const carol = await newCustomer();
    const scarce = newSku({ priceCents: 500n, available: 5 });
    const doomed = newSku({ priceCents: 700n });
    const fine = newSku({ priceCents: 300n });
    for (const sku of [scarce, doomed, fine]) await api(carol.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 3 });
    product.put(scarce, { priceCents: 500n, available: 2 });
    product.skus.delete(doomed);

    const { body } = await api(carol.authorization, 'GET', '/api/v1/cart_item');
    const bySku = new Map(body.data.items.map((item: any) => [item.sku_id, item]));
    expect(bySku.get(scarce)).toMatchObject({ valid: false, invalid_reason: 'INSUFFICIENT_STOCK', available: 2, price_cents: 500 });
    expect(bySku.get(doomed)).toMatchObject({
      valid: false,
      invalid_reason: 'SKU_NOT_FOUND',
      title: null,
      price_cents: null,
      available: 0,
    });
    expect(bySku.get(fine)).toMatchObject({ valid: true });
    expect(body.data.total_cents).toBe(900);
    expect(body.data.item_count).toBe(9);
  });

  it('answers 404 SKU_NOT_FOUND for an unknown SKU and 409 OUT_OF_STOCK past the stock, writing nothing', async () => {
    const dave = await newCustomer();
    const unknown = await api(dave.authorization, 'POST', '/api/v1/cart_item', { sku_id: 'no-such-sku', quantity: 1 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SKU_NOT_FOUND']);
    const sku = newSku({ available: 2 });
    const tooMany = await api(dave.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 3 });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'OUT_OF_STOCK']);
    expect(tooMany.body.error.details).toEqual({ sku_id: sku, requested: 3, available: 2 });
    expect(await redis.exists(`cart:${dave.id}`)).toBe(0);
  });

  it.each([
    ['quantity 0', { quantity: 0 }, ['quantity']],
    ['a negative quantity', { quantity: -2 }, ['quantity']],
    ['a non-integer quantity', { quantity: 1.5 }, ['quantity']],
    ['a missing sku_id', { sku_id: undefined, quantity: 1 }, ['sku_id']],
  ])('answers 400 naming the field for %s', async (_, patch, fields) => {
    const erin = await newCustomer();
    const res = await api(erin.authorization, 'POST', '/api/v1/cart_item', { sku_id: newSku(), ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(errorFields(res.body)).toEqual(fields);
    expect(res.body.request_id).toEqual(expect.any(String));
    expect(await redis.exists(`cart:${erin.id}`)).toBe(0);
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON, and 400 naming quantity on PUT', async () => {
    const frank = await newCustomer();
    const malformed = await api(frank.authorization, 'POST', '/api/v1/cart_item', '{"sku_id": "x", "quantity": ');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const put = await api(frank.authorization, 'PUT', '/api/v1/cart_item/anything', { quantity: 0 });
    expect([put.status, errorFields(put.body)]).toEqual([400, ['quantity']]);
  });

  it('answers 401 without a token or with a forged one, and keeps customers apart', async () => {
    const missing = await api(null, 'GET', '/api/v1/cart_item');
    expect([missing.status, missing.body.error.code]).toEqual([401, 'MISSING_TOKEN']);
    const forged = await api('Bearer not.a.token', 'GET', '/api/v1/cart_item');
    expect([forged.status, forged.body.error.code]).toEqual([401, 'INVALID_TOKEN']);

    const grace = await newCustomer();
    const heidi = await newCustomer();
    const sku = newSku();
    await api(grace.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 1 });
    expect((await api(heidi.authorization, 'GET', '/api/v1/cart_item')).body.data.items).toEqual([]);
    expect((await api(heidi.authorization, 'DELETE', `/api/v1/cart_item/${sku}`)).status).toBe(404);
  });

  it('answers 503 within the product deadline when product hangs, and recovers', async () => {
    const ivan = await newCustomer();
    const sku = newSku();
    await api(ivan.authorization, 'POST', '/api/v1/cart_item', { sku_id: sku, quantity: 1 });
    product.delayMs = 5_000;
    try {
      const started = Date.now();
      const res = await api(ivan.authorization, 'GET', '/api/v1/cart_item');
      expect([res.status, res.body.error.code]).toEqual([503, 'UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(section.product_deadline_ms + 500);
    } finally {
      product.delayMs = 0;
    }
    expect((await api(ivan.authorization, 'GET', '/api/v1/cart_item')).status).toBe(200);
  });

  it('answers /healthz, /readyz and the OpenAPI document', async () => {
    expect((await api(null, 'GET', '/healthz')).status).toBe(200);
    expect(await api(null, 'GET', '/readyz')).toEqual({ status: 200, body: { data: { status: 'ready', checks: { redis: 'ok' } } } });
    expect((await api(null, 'GET', '/openapi.json')).body.paths['/api/v1/cart_item'].post).toBeDefined();
  });
});
