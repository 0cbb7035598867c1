import { describe, expect, it } from 'vitest';
import { allowedMethods } from './allowed-methods.js';

const routes = [
  { method: 'ALL', path: '*' },
  { method: 'DELETE', path: '/api/v1/product/*' },
  { method: 'GET', path: '/api/v1/product' },
  { method: 'POST', path: '/api/v1/product' },
  { method: 'GET', path: '/api/v1/product/:id' },
  { method: 'PUT', path: '/api/v1/product/:id' },
  { method: 'PUT', path: '/api/v1/product/sku/:skuId/stock' },
];

describe('allowedMethods', () => {
  it('lists the methods of the endpoints whose pattern matches the whole path, HEAD with GET, middleware left out', () => {
    expect(allowedMethods(routes, '/api/v1/product')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods(routes, '/api/v1/product/p-1')).toEqual(['GET', 'HEAD', 'PUT']);
    expect(allowedMethods(routes, '/api/v1/product/sku/s.1/stock')).toEqual(['PUT']);
  });

  it('finds nothing for a path no route serves (a parameter is one segment, not more)', () => {
    expect(allowedMethods(routes, '/api/v1/product/p-1/extra')).toEqual([]);
    expect(allowedMethods(routes, '/api/v1/products')).toEqual([]);
  });
});
