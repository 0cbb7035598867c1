import type { RouteTable } from '@micro-ecommerce/pkg/config';
import { describe, expect, it } from 'vitest';
import { withRateLimitResponses, type OpenApiDocument } from './openapi-429.js';

const table: RouteTable = {
  routes: [{ prefix: '/api/v1/cart_item', service: 'cart', auth: 'required', rate_limit: { read: 'read', write: 'write' } }],
  rateLimitClasses: {
    read: { window_seconds: 60, per_ip: 1200, per_subject: 600 },
    write: { window_seconds: 60, per_ip: 300 },
  },
};

const doc: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'cart', description: 'Carts.' },
  paths: {
    '/api/v1/cart_item': {
      get: { responses: { '200': { description: 'the cart' } } },
      post: { responses: { '201': { description: 'added' } } },
      put: {
        responses: {
          '429': {
            description: 'TOO_MANY_ATTEMPTS: the service limits this itself.',
            headers: { 'Retry-After': { schema: { type: 'string' } } },
          },
        },
      },
      parameters: [],
    },
    '/openapi.json': { get: { responses: { '200': { description: 'this document' } } } },
  },
};

describe("the gateway's 429 in a service's OpenAPI document", () => {
  const decorated = withRateLimitResponses(doc, table) as any;

  it('adds 429 with Retry-After, RateLimit, RateLimit-Policy and the envelope to every rate-limited operation, naming its class', () => {
    const read = decorated.paths['/api/v1/cart_item'].get.responses;
    expect(read['200']).toEqual({ description: 'the cart' });
    expect(read['429'].description).toContain('class read: 1200 per client address, 600 per token subject per 60 s');
    expect(Object.keys(read['429'].headers)).toEqual(['Retry-After', 'RateLimit', 'RateLimit-Policy']);
    expect(read['429'].content['application/json'].schema.properties.error.properties.code.enum).toEqual(['RATE_LIMITED']);
    expect(decorated.paths['/api/v1/cart_item'].post.responses['429'].description).toContain(
      'class write: 300 per client address per 60 s',
    );
  });

  it("keeps a service's own 429 and adds the gateway's reason and headers to it", () => {
    const merged = decorated.paths['/api/v1/cart_item'].put.responses['429'];
    expect(merged.description).toMatch(
      /^TOO_MANY_ATTEMPTS: the service limits this itself\. Or RATE_LIMITED: Rate limited by the gateway \(class write/,
    );
    expect(merged.headers['Retry-After']).toEqual({ schema: { type: 'string' } });
    expect(Object.keys(merged.headers).sort()).toEqual(['RateLimit', 'RateLimit-Policy', 'Retry-After']);
  });

  it('leaves paths outside the route table and non-operation fields as they were', () => {
    expect(decorated.paths['/openapi.json']).toEqual(doc.paths!['/openapi.json']);
    expect(decorated.paths['/api/v1/cart_item'].parameters).toEqual([]);
  });

  it('keeps the description and says that the API is rate limited', () => {
    expect(decorated.info.title).toBe('cart');
    expect(decorated.info.description).toMatch(/^Carts\.\n\n.*rate limited at the gateway/s);
  });
});
