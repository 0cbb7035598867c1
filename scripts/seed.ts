// Seeds demo data through the public API (so it exercises the same paths as a client): the admin seeded by
// the customer service creates the catalog, and a demo customer signs up. Idempotent: an existing catalog
// product or customer is left alone. Used by `make dev` (STAGE defaults to config/local.yaml).
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';
import { catalog } from './seed-catalog.js';

const schema = z.object({
  gateway: z.object({ http: z.object({ host: z.string(), port: z.number() }) }),
  services: z.object({ customer: z.object({ admins: z.array(z.object({ email: z.string(), password: z.string() })).min(1) }) }),
});
const { config } = loadConfig(schema, { defaultStage: 'config/local.yaml' });
const base = `http://${config.gateway.http.host}:${config.gateway.http.port}`;
export const DEMO_CUSTOMER = { email: 'demo@micro-ecommerce.local', password: 'demo-password', name: 'Demo Customer' };

const call = async (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json().catch(() => undefined) };
};

const waitForGateway = async () => {
  for (let i = 0; i < 120; i++) {
    const ready = await Promise.all(
      ['/api/v1/product?page_size=1', '/.well-known/jwks.json'].map((p) => call('GET', p).catch(() => ({ status: 0 }))),
    );
    if (ready.every((r) => r.status === 200)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the services did not become reachable through ${base}`);
};

await waitForGateway();
const admin = config.services.customer.admins[0]!;
const login = await call('POST', '/api/v1/customer/login', { email: admin.email, password: admin.password });
if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.json)}`);
const adminToken: string = login.json.data.access_token;

// Per product, not by count: the test suites share these databases and leave products of their own behind.
let created = 0;
for (const category of new Set(catalog.map((p) => p.category))) {
  const listed = await call('GET', `/api/v1/product?category=${category}&page_size=100`);
  const titles = new Set((listed.json.data as Array<{ title: string }>).map((p) => p.title));
  for (const product of catalog.filter((p) => p.category === category && !titles.has(p.title))) {
    const res = await call('POST', '/api/v1/product', product, adminToken);
    if (res.status !== 201) throw new Error(`creating ${product.title} failed: ${JSON.stringify(res.json)}`);
    created += 1;
  }
}
console.log(`seed: ${created} products created, ${catalog.length - created} already there`);

const signup = await call('POST', '/api/v1/customer/signup', DEMO_CUSTOMER);
if (signup.status !== 201 && signup.status !== 409) throw new Error(`demo signup failed: ${JSON.stringify(signup.json)}`);
console.log(`seed: demo customer ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}; admin ${admin.email}`);
