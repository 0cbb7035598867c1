import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { rateLimitClassFor } from './rate-limit-classes.js';
import { loadRouteTable, loadRouteTableWithLimits, matchRoute, type Route } from './route-table.js';

const routes: Route[] = [
  { prefix: '/api/v1/customer', service: 'customer', auth: 'required', rate_limit: { read: 'read', write: 'write' } },
  { prefix: '/api/v1/customer/login', service: 'customer', auth: 'none', rate_limit: 'auth' },
  { prefix: '/api/v1/cart_item', service: 'cart', auth: 'required', rate_limit: { read: 'read', write: 'write' } },
];

const dir = mkdtempSync(join(tmpdir(), 'route-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tableFile = (yaml: string): string => {
  const path = join(dir, `routes-${(files += 1)}.yaml`);
  writeFileSync(path, yaml);
  return path;
};
const problemsOf = (yaml: string): readonly string[] => {
  try {
    loadRouteTableWithLimits(tableFile(yaml));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the table loaded');
};

const CLASSES = `
rate_limit_classes:
  auth: { window_seconds: 60, per_ip: 10 }
  read: { window_seconds: 60, per_ip: 100, per_subject: 50 }
`;

describe('route table', () => {
  it('picks the longest prefix that matches whole segments', () => {
    expect(matchRoute(routes, '/api/v1/customer/login')?.auth).toBe('none');
    expect(matchRoute(routes, '/api/v1/customer/me')?.auth).toBe('required');
    expect(matchRoute(routes, '/api/v1/cart_item/abc')?.service).toBe('cart');
    expect(matchRoute(routes, '/api/v1/cart_items')).toBeUndefined();
    expect(matchRoute(routes, '/api/v1/customerX')).toBeUndefined();
    expect(matchRoute(routes, '/')).toBeUndefined();
  });

  it('loads the committed table, with every public service reachable and every route in a rate-limit class', () => {
    const table = loadRouteTableWithLimits('config/routes.yaml');
    expect(new Set(table.routes.map((r) => r.service))).toEqual(new Set(['customer', 'product', 'cart', 'payment', 'order']));
    expect(matchRoute(table.routes, '/.well-known/jwks.json')?.service).toBe('customer');
    expect(loadRouteTable('config/routes.yaml')).toEqual(table.routes);
    // Login is limited per address only (there is no token to count by yet), and more strictly than reads.
    const login = matchRoute(table.routes, '/api/v1/customer/login')!;
    const auth = table.rateLimitClasses[rateLimitClassFor(login.rate_limit, 'POST')]!;
    expect(auth.per_subject).toBeUndefined();
    const read = table.rateLimitClasses[rateLimitClassFor(matchRoute(table.routes, '/api/v1/product')!.rate_limit, 'GET')]!;
    expect(auth.per_ip / auth.window_seconds).toBeLessThan(read.per_ip / read.window_seconds);
  });

  it('counts reads (GET, HEAD, OPTIONS) and writes against the classes a route names', () => {
    const split = { read: 'read', write: 'write' };
    expect(['GET', 'head', 'OPTIONS'].map((m) => rateLimitClassFor(split, m))).toEqual(['read', 'read', 'read']);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => rateLimitClassFor(split, m))).toEqual(['write', 'write', 'write', 'write']);
    expect(rateLimitClassFor('auth', 'GET')).toBe('auth');
    expect(rateLimitClassFor('auth', 'POST')).toBe('auth');
  });

  it('loads a table whose routes name defined classes', () => {
    const table = loadRouteTableWithLimits(
      tableFile(`${CLASSES}
routes:
  - { prefix: /login, service: customer, auth: none, rate_limit: auth }
  - { prefix: /items, service: cart, auth: required, rate_limit: { read: read, write: auth } }
`),
    );
    expect(table.rateLimitClasses.read).toEqual({ window_seconds: 60, per_ip: 100, per_subject: 50 });
    expect(table.routes[1]!.rate_limit).toEqual({ read: 'read', write: 'auth' });
  });

  it('refuses a route without a class, naming the route', () => {
    expect(
      problemsOf(`${CLASSES}
routes:
  - { prefix: /login, service: customer, auth: none, rate_limit: auth }
  - { prefix: /items, service: cart, auth: required }
`),
    ).toEqual([expect.stringMatching(/^routes\.1\.rate_limit: /)]);
  });

  it('refuses a class no route names and a route naming a class the table lacks, both at once', () => {
    const problems = problemsOf(`${CLASSES}
routes:
  - { prefix: /login, service: customer, auth: none, rate_limit: { read: reads, write: auth } }
`);
    expect(problems).toEqual([
      'routes.0.rate_limit: /login names rate-limit class reads, which rate_limit_classes does not define',
      'rate_limit_classes.read: no route names it',
    ]);
  });

  it('refuses a class with a misspelt, missing or non-positive field', () => {
    const problems = problemsOf(`
rate_limit_classes:
  auth: { window_seconds: 0, per_ip: 10, per_subjet: 5 }
  read: { window_seconds: 60 }
routes:
  - { prefix: /login, service: customer, auth: none, rate_limit: { read: read, write: auth } }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rate_limit_classes\.auth\.window_seconds: /),
        expect.stringMatching(/^rate_limit_classes\.auth: .*per_subjet/),
        expect.stringMatching(/^rate_limit_classes\.read\.per_ip: /),
      ]),
    );
  });

  it('refuses a table without rate_limit_classes', () => {
    expect(problemsOf('routes:\n  - { prefix: /login, service: customer, auth: none, rate_limit: auth }\n')).toContainEqual(
      expect.stringMatching(/^rate_limit_classes: /),
    );
  });
});
