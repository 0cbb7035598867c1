import { describe, expect, it } from 'vitest';
import { loadRouteTable, matchRoute, type Route } from './route-table.js';

const routes: Route[] = [
  { prefix: '/api/v1/customer', service: 'customer', auth: 'required' },
  { prefix: '/api/v1/customer/login', service: 'customer', auth: 'none' },
  { prefix: '/api/v1/cart_item', service: 'cart', auth: 'required' },
];

describe('route table', () => {
  it('picks the longest prefix that matches whole segments', () => {
    expect(matchRoute(routes, '/api/v1/customer/login')?.auth).toBe('none');
    expect(matchRoute(routes, '/api/v1/customer/me')?.auth).toBe('required');
    expect(matchRoute(routes, '/api/v1/cart_item/abc')?.service).toBe('cart');
    expect(matchRoute(routes, '/api/v1/cart_items')).toBeUndefined();
    expect(matchRoute(routes, '/api/v1/customerX')).toBeUndefined();
    expect(matchRoute(routes, '/')).toBeUndefined();
  });

  it('loads the committed table, with every public service reachable', () => {
    const table = loadRouteTable('config/routes.yaml');
    expect(new Set(table.map((r) => r.service))).toEqual(new Set(['customer', 'product', 'cart', 'payment', 'order']));
    expect(matchRoute(table, '/.well-known/jwks.json')?.service).toBe('customer');
  });
});
