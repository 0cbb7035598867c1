import type { AuthEnv } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeProductCatalog } from '../../../../test/fakes/fake-product-catalog.js';
import { InMemoryCartStore } from '../../../../test/fakes/in-memory-cart-store.js';
import { testTokens } from '@micro-ecommerce/pkg/testing';
import { makeAddCartItem } from '../../../app/add-cart-item.js';
import { makeGetCart } from '../../../app/get-cart.js';
import { makeRemoveCartItem } from '../../../app/remove-cart-item.js';
import { makeSetCartItemQuantity } from '../../../app/set-cart-item-quantity.js';
import { mountCartRoutes } from './routes.js';

const tokens = await testTokens();
const alice = await tokens.bearerFor('alice');
let store: InMemoryCartStore;
let catalog: FakeProductCatalog;
let app: ReturnType<typeof createHttpApp<AuthEnv>>;

beforeEach(() => {
  store = new InMemoryCartStore();
  catalog = new FakeProductCatalog().put('sku-1', { priceCents: 1999n, available: 5 });
  const limits = { maxLines: 10, maxQuantityPerLine: 9 };
  app = createHttpApp<AuthEnv>({ logger: pino({ level: 'silent' }) });
  mountCartRoutes(
    app,
    {
      getCart: makeGetCart({ store, catalog }),
      addCartItem: makeAddCartItem({ store, catalog, limits }),
      setCartItemQuantity: makeSetCartItemQuantity({ store, catalog, limits }),
      removeCartItem: makeRemoveCartItem({ store }),
    },
    tokens.verifyToken,
    limits,
  );
});

const send = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
  const res = await app.request(path, {
    method,
    headers: { authorization: alice, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
};

const fieldsOf = (body: any): string[] => body.error.details.fields.map((f: { field: string }) => f.field);

describe('cart routes', () => {
  it('adds with 201, increases with 200, and lists the priced line', async () => {
    expect(await send('POST', '/api/v1/cart_item', '{"sku_id":"sku-1","quantity":2}')).toEqual({
      status: 201,
      body: { data: { sku_id: 'sku-1', quantity: 2, available: 5 } },
    });
    expect((await send('POST', '/api/v1/cart_item', '{"sku_id":"sku-1","quantity":1}')).status).toBe(200);
    expect((await send('GET', '/api/v1/cart_item')).body).toEqual({
      data: {
        items: [
          { sku_id: 'sku-1', quantity: 3, title: 'Title sku-1', variant_name: 'Default', price_cents: 1999, available: 5, valid: true },
        ],
        total_cents: 5997,
        item_count: 3,
      },
    });
  });

  it.each([
    ['a zero quantity', '{"sku_id":"sku-1","quantity":0}', ['quantity']],
    ['a negative quantity', '{"sku_id":"sku-1","quantity":-1}', ['quantity']],
    ['a fractional quantity', '{"sku_id":"sku-1","quantity":1.5}', ['quantity']],
    ['a quantity given as a string', '{"sku_id":"sku-1","quantity":"2"}', ['quantity']],
    ['no fields at all', '{}', ['sku_id', 'quantity']],
    ['an empty sku id', '{"sku_id":"","quantity":1}', ['sku_id']],
    ['an unknown key', '{"sku_id":"sku-1","quantity":1,"price_cents":1}', ['(root)']],
  ])('answers 400 naming the bad fields for a body with %s', async (_, body, fields) => {
    const res = await send('POST', '/api/v1/cart_item', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(fieldsOf(res.body)).toEqual(fields);
    expect(await store.lines('alice')).toEqual([]);
  });

  it('answers 400 MALFORMED_JSON and 415 for a body that is not JSON', async () => {
    const malformed = await send('POST', '/api/v1/cart_item', '{"sku_id": ');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const form = await send('PUT', '/api/v1/cart_item/sku-1', 'quantity=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([form.status, form.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers 401 without a token, before looking at the body', async () => {
    const res = await app.request('/api/v1/cart_item', { method: 'POST', body: 'nonsense' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('MISSING_TOKEN');
  });

  it('answers PUT and DELETE of a line not in the cart with 404 CART_ITEM_NOT_FOUND', async () => {
    const put = await send('PUT', '/api/v1/cart_item/sku-1', '{"quantity":1}');
    expect([put.status, put.body.error.code]).toEqual([404, 'CART_ITEM_NOT_FOUND']);
    const del = await send('DELETE', '/api/v1/cart_item/sku-1');
    expect([del.status, del.body.error.code]).toEqual([404, 'CART_ITEM_NOT_FOUND']);
  });

  it('sets with PUT and removes with DELETE (204)', async () => {
    store.seed('alice', [{ skuId: 'sku-1', quantity: 1 }]);
    expect((await send('PUT', '/api/v1/cart_item/sku-1', '{"quantity":4}')).body).toEqual({
      data: { sku_id: 'sku-1', quantity: 4, available: 5 },
    });
    expect(await send('DELETE', '/api/v1/cart_item/sku-1')).toEqual({ status: 204, body: null });
    expect(await store.lines('alice')).toEqual([]);
  });

  it('answers 503 while product is unavailable', async () => {
    store.seed('alice', [{ skuId: 'sku-1', quantity: 1 }]);
    catalog.failure = new AppError('UNAVAILABLE', 'the product catalog is unavailable');
    const res = await send('GET', '/api/v1/cart_item');
    expect([res.status, res.body.error.code]).toEqual([503, 'UNAVAILABLE']);
  });

  it('serves an OpenAPI document listing the cart paths', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/cart_item', '/api/v1/cart_item/{skuId}']);
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
  });
});
