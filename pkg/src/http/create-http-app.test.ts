import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import { createHttpApp } from './create-http-app.js';
import { readJson } from './read-json.js';

const logger = pino({ level: 'silent' });

const buildApp = (ready = true, draining = false) => {
  const app = createHttpApp({
    logger,
    readiness: { postgres: async () => (ready ? 1 : Promise.reject(new Error('connection refused'))) },
    isDraining: () => draining,
  });
  app.post('/items', async (c) => {
    const body = await readJson(c, z.object({ sku_id: z.string(), quantity: z.number().int().positive() }));
    return c.json({ data: body }, 201);
  });
  app.get('/stock', () => {
    throw new AppError('FAILED_PRECONDITION', 'only 1 left', { reason: 'OUT_OF_STOCK' });
  });
  app.get('/boom', () => {
    throw new Error('secret internal detail');
  });
  return app;
};

// Response bodies of these tests are the error envelope or { data }; typed loosely on purpose.
const json = async (res: Response): Promise<any> => res.json();

const post = (body: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' } });

describe('createHttpApp', () => {
  it('answers health and readiness', async () => {
    expect((await buildApp().request('/healthz')).status).toBe(200);
    const ready = await buildApp().request('/readyz');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ data: { status: 'ready', checks: { postgres: 'ok' } } });
  });

  it('answers 503 naming the failing dependency, and while draining', async () => {
    const res = await buildApp(false).request('/readyz');
    expect(res.status).toBe(503);
    expect(await json(res)).toMatchObject({ data: { checks: { postgres: 'connection refused' } } });
    expect((await buildApp(true, true).request('/readyz')).status).toBe(503);
  });

  it('echoes the request id and uses it in error envelopes', async () => {
    const res = await buildApp().request('/items', post('{"sku_id": 1}'));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const body = await json(res);
    expect(body.request_id).toBe('req-42');
    expect(body.error.code).toBe('INVALID_ARGUMENT');
    expect(body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['sku_id', 'quantity']);
  });

  it('rejects malformed JSON with a 400, not a 500', async () => {
    const res = await buildApp().request('/items', post('{"sku_id": '));
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('MALFORMED_JSON');
  });

  it('accepts a valid body', async () => {
    const res = await buildApp().request('/items', post('{"sku_id": "s1", "quantity": 2}'));
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ data: { sku_id: 's1', quantity: 2 } });
  });

  it('maps AppError reasons and hides unknown errors behind a generic 500', async () => {
    const stock = await buildApp().request('/stock');
    expect(stock.status).toBe(400);
    expect((await json(stock)).error.code).toBe('OUT_OF_STOCK');
    const boom = await buildApp().request('/boom');
    expect(boom.status).toBe(500);
    const body = await json(boom);
    expect(body.error).toEqual({ code: 'INTERNAL', message: 'internal error' });
  });

  it('answers a method a known path does not serve with 405, Allow and the envelope', async () => {
    const res = await buildApp().request('/stock', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await json(res)).error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allow: ['GET', 'HEAD'] } });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await buildApp().request('/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('NOT_FOUND');
  });
});
