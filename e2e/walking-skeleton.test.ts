import { createTokenIssuer, loadSigningKey } from '@micro-ecommerce/pkg/auth';
import { throwawaySigningKey } from '@micro-ecommerce/pkg/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newCustomer, newProduct } from './support/api.js';
import type { ServiceProcess } from './support/service-process.js';
import { stageConfig, startSystem } from './support/system.js';

let system: Awaited<ReturnType<typeof startSystem>>;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem();
  adminToken = await loginAdmin();
});
afterAll(() => system?.stop());

const createProduct = (variants: Array<{ name: string; price_cents: number; stock: number }>) =>
  newProduct(adminToken, variants, 'E2E Lamp');

describe('shopping through the gateway', () => {
  it('signs up, logs in, fills a cart with two SKUs of a new product and sees it priced and valid', async () => {
    const buyer = await newCustomer();
    const me = await api('GET', '/api/v1/customer/me', { token: buyer.token });
    expect(me.status).toBe(200);
    expect(me.body.data.email).toBe(buyer.email);

    const product = await createProduct([
      { name: 'small', price_cents: 1999, stock: 5 },
      { name: 'large', price_cents: 2999, stock: 3 },
    ]);
    const [small, large] = product.variants;
    expect(
      (await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: small!.sku_id, quantity: 2 } })).status,
    ).toBeLessThan(300);
    expect(
      (await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: large!.sku_id, quantity: 1 } })).status,
    ).toBeLessThan(300);

    const cart = await api('GET', '/api/v1/cart_item', { token: buyer.token });
    expect(cart.status).toBe(200);
    const items = cart.body.data.items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.sku_id === small!.sku_id)).toMatchObject({
      quantity: 2,
      title: product.title,
      price_cents: 1999,
      valid: true,
    });
    expect(items.find((i) => i.sku_id === large!.sku_id)).toMatchObject({ quantity: 1, price_cents: 2999, valid: true });
    expect(cart.body.data.total_cents).toBe(2 * 1999 + 2999);

    // PUT and DELETE are reflected
    expect((await api('PUT', `/api/v1/cart_item/${small!.sku_id}`, { token: buyer.token, body: { quantity: 4 } })).status).toBe(200);
    expect((await api('DELETE', `/api/v1/cart_item/${large!.sku_id}`, { token: buyer.token })).status).toBeLessThan(300);
    const after = await api('GET', '/api/v1/cart_item', { token: buyer.token });
    expect(after.body.data.items).toEqual([expect.objectContaining({ sku_id: small!.sku_id, quantity: 4, valid: true })]);

    // stock lowered below the cart quantity makes the item invalid
    const lowered = await api('PUT', `/api/v1/product/sku/${small!.sku_id}/stock`, {
      token: adminToken,
      body: { available: 3, reason: 'e2e recount' },
    });
    expect(lowered.status, JSON.stringify(lowered.body)).toBe(200);
    // The cart answers from its SKU views, which product's SkuViewsChanged events refresh: a stock or price change
    // shows within the feed's bound (flush interval + delivery), far inside the views' max age, so only the event
    // can have brought it (checkout itself always reads product).
    const bound = 2000;
    expect(stageConfig.services.cart.sku_view_max_age_ms).toBeGreaterThan(10 * bound);
    const firstLine = async () => (await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data.items[0];
    let changedAt = Date.now();
    await expect.poll(firstLine, { timeout: bound + 2000, interval: 50 }).toMatchObject({ sku_id: small!.sku_id, valid: false });
    expect(Date.now() - changedAt).toBeLessThan(bound + 500);
    const repriced = await api('PUT', `/api/v1/product/${product.id}`, {
      token: adminToken,
      body: { variants: [{ sku_id: small!.sku_id, price_cents: 2222 }] },
    });
    expect(repriced.status, JSON.stringify(repriced.body)).toBe(200);
    changedAt = Date.now();
    await expect.poll(firstLine, { timeout: bound + 2000, interval: 50 }).toMatchObject({ price_cents: 2222 });
    expect(Date.now() - changedAt).toBeLessThan(bound + 500);
  });

  it('rejects bad cart input with 4xx envelopes naming the problem', async () => {
    const buyer = await newCustomer();
    const product = await createProduct([{ name: 'only', price_cents: 500, stock: 2 }]);
    const sku = product.variants[0]!.sku_id;
    const cases: Array<[unknown, number]> = [
      [{ sku_id: sku, quantity: 0 }, 400],
      [{ sku_id: sku, quantity: -1 }, 400],
      [{ sku_id: sku, quantity: 1.5 }, 400],
      [{ sku_id: sku, quantity: '2' }, 400],
      [{ sku_id: sku, quantity: 3 }, 409],
      [{ sku_id: crypto.randomUUID(), quantity: 1 }, 404],
    ];
    for (const [body, status] of cases) {
      const res = await api('POST', '/api/v1/cart_item', { token: buyer.token, body });
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error.code).toBeTruthy();
      expect(res.body.request_id).toBeTruthy();
    }
    const malformed = await api('POST', '/api/v1/cart_item', { token: buyer.token, rawBody: '{"sku_id": ' });
    expect(malformed.status).toBe(400);
    const missingField = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { quantity: 1 } });
    expect(JSON.stringify(missingField.body.error)).toContain('sku_id');
    expect((await api('GET', '/api/v1/cart_item', { token: buyer.token })).body.data.items).toEqual([]);
  });
});

describe('authentication and authorisation through the gateway', () => {
  it('answers 401 in the envelope for a missing, forged, expired or wrong-audience token', async () => {
    const missing = await api('GET', '/api/v1/cart_item');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('MISSING_TOKEN');

    const { issuer, audience } = stageConfig.auth;
    const jwt = stageConfig.services.customer.jwt;
    const realKey = await loadSigningKey(jwt.private_key_path, jwt.public_key_path);
    const forgedKey = await throwawaySigningKey();
    const principal = { customerId: crypto.randomUUID(), role: 'admin' as const };
    const tokens = {
      forged: (await createTokenIssuer({ key: forgedKey, issuer, audience, ttlSeconds: 60 })(principal)).accessToken,
      expired: (await createTokenIssuer({ key: realKey, issuer, audience, ttlSeconds: -60 })(principal)).accessToken,
      wrongAudience: (await createTokenIssuer({ key: realKey, issuer, audience: 'another-api', ttlSeconds: 60 })(principal)).accessToken,
      garbage: 'not-a-token',
    };
    for (const [kind, token] of Object.entries(tokens)) {
      for (const path of ['/api/v1/cart_item', '/api/v1/customer/me']) {
        const res = await api('GET', path, { token });
        expect({ kind, path, status: res.status }).toEqual({ kind, path, status: 401 });
        expect(res.body.error.code).toMatch(/INVALID_TOKEN|TOKEN_EXPIRED/);
      }
    }
  });

  it('answers 403 to a customer on admin routes', async () => {
    const buyer = await newCustomer();
    const res = await api('POST', '/api/v1/product', {
      token: buyer.token,
      body: { title: 'Nope', body: 'x', category: 'e2e', variants: [{ name: 'x', price_cents: 1, stock: 1 }] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it("keeps each customer's cart to that customer", async () => {
    const alice = await newCustomer('alice');
    const bob = await newCustomer('bob');
    const product = await createProduct([{ name: 'one', price_cents: 100, stock: 10 }]);
    const sku = product.variants[0]!.sku_id;
    await api('POST', '/api/v1/cart_item', { token: alice.token, body: { sku_id: sku, quantity: 1 } });
    expect((await api('GET', '/api/v1/cart_item', { token: bob.token })).body.data.items).toEqual([]);
    expect((await api('PUT', `/api/v1/cart_item/${sku}`, { token: bob.token, body: { quantity: 5 } })).status).toBe(404);
    expect((await api('DELETE', `/api/v1/cart_item/${sku}`, { token: bob.token })).status).toBe(404);
    expect((await api('GET', '/api/v1/cart_item', { token: alice.token })).body.data.items).toEqual([
      expect.objectContaining({ sku_id: sku, quantity: 1 }),
    ]);
  });
});

describe('gateway resilience', () => {
  it('answers 502 JSON while cart is stopped and recovers when it is back', async () => {
    const buyer = await newCustomer();
    const cart: ServiceProcess = system.processes.cart!;
    await cart.stop();
    const down = await api('GET', '/api/v1/cart_item', { token: buyer.token });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe('BAD_GATEWAY');
    await cart.start();
    const back = await api('GET', '/api/v1/cart_item', { token: buyer.token });
    expect(back.status).toBe(200);
  });

  it('answers a JSON 404 for unknown paths', async () => {
    const res = await api('GET', '/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
