import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from './create-http-app.js';
import { failure, jsonContent } from './openapi-parts.js';
import { z } from 'zod';

const ok = jsonContent(z.object({ data: z.string() }), 'ok');

const buildDocument = () => {
  const app = createHttpApp({ logger: pino({ level: 'silent' }) });
  app.openapi(createRoute({ method: 'get', path: '/api/v1/thing', responses: { 200: ok, 404: failure('NOT_FOUND') } }), (c) =>
    c.json({ data: 'thing' }, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/thing/events', responses: { 200: ok, 503: failure('SHUTTING_DOWN: draining') } }),
    (c) => c.json({ data: 'events' }, 200),
  );
  // Routes of a sub-app join through app.route, past the same registry.
  const sub = new OpenAPIHono();
  sub.openapi(createRoute({ method: 'post', path: '/other', responses: { 201: ok } }), (c) => c.json({ data: 'made' }, 201));
  app.route('/api/v1', sub);
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
};

describe('documentOverload', () => {
  const doc = buildDocument() as any;

  it('documents 503 OVERLOADED with Retry-After on every route, beside the route’s own answers', () => {
    const thing = doc.paths['/api/v1/thing'].get.responses;
    expect(Object.keys(thing).sort()).toEqual(['200', '404', '413', '431', '503']);
    expect(thing['503'].description).toMatch(/^OVERLOADED/);
    expect(thing['503'].headers['Retry-After']).toBeDefined();
    expect(thing['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.paths['/api/v1/other'].post.responses['503'].description).toMatch(/^OVERLOADED/);
  });

  it('joins OVERLOADED to a route’s own 503 instead of replacing it', () => {
    const events = doc.paths['/api/v1/thing/events'].get.responses['503'];
    expect(events.description).toBe(
      'SHUTTING_DOWN: draining; OVERLOADED: the service has as many requests in flight as it takes; try again after Retry-After seconds',
    );
    // SHUTTING_DOWN says nothing of when to come back: the header is there, but not required.
    expect(events.headers['Retry-After'].required).toBe(false);
    expect(doc.paths['/api/v1/thing'].get.responses['503'].headers['Retry-After'].required).toBe(true);
  });
});

describe('documentEntryLimits', () => {
  const doc = buildDocument() as any;

  it('documents 413 BODY_TOO_LARGE with the app’s limit and 431 HEADERS_TOO_LARGE on every route', () => {
    for (const responses of [doc.paths['/api/v1/thing'].get.responses, doc.paths['/api/v1/other'].post.responses]) {
      expect(responses['413'].description).toBe('BODY_TOO_LARGE: the body exceeds 65536 bytes (answered before it is read)');
      expect(responses['431'].description).toMatch(/^HEADERS_TOO_LARGE/);
      expect(responses['413'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
  });
});
