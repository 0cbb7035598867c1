import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeCatalogRepository, FakeSkuRepository, FakeSkuViewFeed, steppingClock } from '../../../../test/fakes.js';
import { testTokens } from '../../../../test/tokens.js';
import { makeProductUseCases } from '../../../app/use-cases.js';
import { createProductHttpApp } from './product-http-app.js';

// The routes over in-memory ports: status codes, envelopes and field names, with no server running.

let tokens: Awaited<ReturnType<typeof testTokens>>;
beforeAll(async () => {
  tokens = await testTokens();
});

const buildApp = () => {
  const skus = new FakeSkuRepository();
  const useCases = makeProductUseCases({
    catalog: new FakeCatalogRepository(),
    skus,
    clock: steppingClock(),
    currency: 'USD',
    skuViews: new FakeSkuViewFeed(),
  });
  return {
    skus,
    app: createProductHttpApp({
      logger: pino({ level: 'silent' }),
      useCases,
      verifyToken: tokens.verifyToken,
      maxBodyBytes: 256 * 1024,
    }),
  };
};

const product = {
  title: 'Mug',
  body: 'Holds coffee',
  category: 'kitchen',
  variants: [{ name: 'White', price_cents: 1200, stock: 5 }],
};

const send = async (
  app: ReturnType<typeof buildApp>['app'],
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await app.request(path, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
};

const fieldsOf = (body: any): string[] => body.error.details.fields.map((f: { field: string }) => f.field);

describe('product routes', () => {
  it('answers 401 without a token and 403 to a customer, before looking at the body', async () => {
    const { app } = buildApp();
    const anonymous = await send(app, 'POST', '/api/v1/product', { nonsense: true });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'MISSING_TOKEN']);
    const customer = await send(app, 'POST', '/api/v1/product', product, tokens.customer);
    expect([customer.status, customer.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await send(app, 'PUT', `/api/v1/product/sku/${crypto.randomUUID()}/stock`, {}, tokens.customer)).status).toBe(403);
  });

  it('creates a product for an admin and serves it publicly', async () => {
    const { app } = buildApp();
    const created = await send(app, 'POST', '/api/v1/product', product, tokens.admin);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      title: 'Mug',
      assets: [],
      variants: [{ name: 'White', attributes: {}, price_cents: 1200, available: 5 }],
    });
    const read = await send(app, 'GET', `/api/v1/product/${created.body.data.id}`);
    expect(read).toEqual({ status: 200, body: created.body });
  });

  it('names every bad field of a create body', async () => {
    const { app } = buildApp();
    const res = await send(
      app,
      'POST',
      '/api/v1/product',
      { ...product, title: '   ', variants: [{ name: 'x', price_cents: -1, stock: 1.5 }], colour: 'red' },
      tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['title', 'variants.0.price_cents', 'variants.0.stock', '(root)']));
  });

  it('rejects malformed JSON with MALFORMED_JSON and a price sent as a string with a 400', async () => {
    const { app } = buildApp();
    const malformed = await send(app, 'POST', '/api/v1/product', '{"title": ', tokens.admin);
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const stringPrice = await send(
      app,
      'POST',
      '/api/v1/product',
      { ...product, variants: [{ name: 'x', price_cents: '10', stock: 1 }] },
      tokens.admin,
    );
    expect(fieldsOf(stringPrice.body)).toEqual(['variants.0.price_cents']);
  });

  it('answers 400 naming id for a malformed product id and 404 for an unknown one', async () => {
    const { app } = buildApp();
    const malformed = await send(app, 'GET', '/api/v1/product/not-an-id');
    expect([malformed.status, fieldsOf(malformed.body)]).toEqual([400, ['id']]);
    const unknown = await send(app, 'GET', '/api/v1/product/0123456789abcdef01234567');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PRODUCT_NOT_FOUND']);
    expect((await send(app, 'DELETE', '/api/v1/product/0123456789abcdef01234567', undefined, tokens.admin)).status).toBe(404);
  });

  it('bounds page_size and names it', async () => {
    const { app } = buildApp();
    const res = await send(app, 'GET', '/api/v1/product?page_size=101');
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['page_size']]);
    const ok = await send(app, 'GET', '/api/v1/product?page_size=100');
    expect(ok.body).toEqual({ data: [], page: { page: 1, page_size: 100, total: 0, total_pages: 0 } });
  });

  it('adjusts stock, refusing both forms at once and going below zero', async () => {
    const { app, skus } = buildApp();
    const skuId = (await send(app, 'POST', '/api/v1/product', product, tokens.admin)).body.data.variants[0].sku_id;
    const path = `/api/v1/product/sku/${skuId}/stock`;
    const both = await send(app, 'PUT', path, { available: 3, delta: 1, reason: 'x' }, tokens.admin);
    expect([both.status, fieldsOf(both.body)]).toEqual([400, ['available']]);
    const below = await send(app, 'PUT', path, { delta: -6, reason: 'breakage' }, tokens.admin);
    expect([below.status, below.body.error.code]).toEqual([409, 'STOCK_BELOW_ZERO']);
    const ok = await send(app, 'PUT', path, { delta: -2, reason: 'breakage' }, tokens.admin);
    expect(ok.body.data).toMatchObject({
      sku_id: skuId,
      available: 3,
      reserved: 0,
      sold: 0,
      adjustment: { delta: -2, reason: 'breakage' },
    });
    expect(skus.ledger.map((l) => l.delta)).toEqual([5, -2]);
    const unknown = await send(app, 'PUT', `/api/v1/product/sku/${crypto.randomUUID()}/stock`, { delta: 1, reason: 'x' }, tokens.admin);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SKU_NOT_FOUND']);
  });

  it('refuses an update that changes nothing, and a new variant without stock', async () => {
    const { app } = buildApp();
    const id = (await send(app, 'POST', '/api/v1/product', product, tokens.admin)).body.data.id;
    expect((await send(app, 'PUT', `/api/v1/product/${id}`, {}, tokens.admin)).status).toBe(400);
    const noStock = await send(app, 'PUT', `/api/v1/product/${id}`, { variants: [{ name: 'Black', price_cents: 1 }] }, tokens.admin);
    expect([noStock.status, fieldsOf(noStock.body)]).toEqual([400, ['variants.0.stock']]);
  });

  it('answers 413 to an oversized body', async () => {
    const { app } = buildApp();
    const res = await send(app, 'POST', '/api/v1/product', { ...product, body: 'x'.repeat(300 * 1024) }, tokens.admin);
    expect([res.status, res.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('publishes an OpenAPI document of every route', async () => {
    const { app } = buildApp();
    const doc = (await send(app, 'GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/product',
      '/api/v1/product/sku/{skuId}/stock',
      '/api/v1/product/sku/{skuId}/stock/history',
      '/api/v1/product/{id}',
    ]);
    expect(doc.paths['/api/v1/product'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/product/sku/{skuId}/stock/history'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('serves a SKU’s stock history to admins only, newest first and paged', async () => {
    const { app } = buildApp();
    const skuId = (await send(app, 'POST', '/api/v1/product', product, tokens.admin)).body.data.variants[0].sku_id;
    await send(app, 'PUT', `/api/v1/product/sku/${skuId}/stock`, { delta: -2, reason: 'breakage' }, tokens.admin);
    const path = `/api/v1/product/sku/${skuId}/stock/history`;
    expect((await send(app, 'GET', path)).status).toBe(401);
    expect((await send(app, 'GET', path, undefined, tokens.customer)).status).toBe(403);
    const first = await send(app, 'GET', `${path}?page_size=1`, undefined, tokens.admin);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      data: [
        {
          id: 2,
          kind: 'ADJUSTMENT',
          delta: -2,
          quantity: null,
          reason: 'breakage',
          order_id: null,
          xid: null,
          created_at: expect.any(String),
        },
      ],
      page: { page: 1, page_size: 1, total: 2, total_pages: 2 },
    });
    const second = await send(app, 'GET', `${path}?page=2&page_size=1`, undefined, tokens.admin);
    expect(second.body.data.map((e: { delta: number }) => e.delta)).toEqual([5]);
    const unknown = await send(app, 'GET', `/api/v1/product/sku/${crypto.randomUUID()}/stock/history`, undefined, tokens.admin);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SKU_NOT_FOUND']);
    const bad = await send(app, 'GET', '/api/v1/product/sku/nope/stock/history?page_size=1000', undefined, tokens.admin);
    expect(bad.status).toBe(400);
  });
});
