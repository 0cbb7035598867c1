// Seeds demo data through the public API (so it exercises the same paths as a client): the admin seeded by
// the customer service creates the catalog, and a demo customer signs up and tops up its wallet. Idempotent: an existing catalog
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
const DEMO_BALANCE_CENTS = 100_000;

const call = async (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json().catch(() => undefined) };
};

const waitForGateway = async () => {
  for (let i = 0; i < 120; i++) {
    const [product, jwks, wallet] = await Promise.all(
      ['/api/v1/product?page_size=1', '/.well-known/jwks.json', '/api/v1/payment/wallet'].map((p) =>
        call('GET', p).catch(() => ({ status: 0 })),
      ),
    );
    // The wallet answers 401 without a token once payment is up (502 while it is not).
    if (product!.status === 200 && jwks!.status === 200 && wallet!.status === 401) return;
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
// 202 whether or not a run before created the account (sign-up does not tell).
if (signup.status !== 202) throw new Error(`demo signup failed: ${JSON.stringify(signup.json)}`);
// The demo customer gets money to spend once; the idempotency key makes a re-run (or a race) charge nothing twice.
const demoLogin = await call('POST', '/api/v1/customer/login', { email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password });
if (demoLogin.status !== 200) throw new Error(`demo login failed: ${JSON.stringify(demoLogin.json)}`);
const demoToken: string = demoLogin.json.data.access_token;
const topup = await call('POST', '/api/v1/payment/topup', { amount_cents: DEMO_BALANCE_CENTS, card_token: 'tok_visa' }, demoToken, {
  'idempotency-key': 'seed-demo-balance',
});
if (topup.status !== 201) throw new Error(`demo top-up failed: ${JSON.stringify(topup.json)}`);
console.log(
  `seed: demo customer ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password} with ${DEMO_BALANCE_CENTS} cents; admin ${admin.email}`,
);
