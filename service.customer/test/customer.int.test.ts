import { createTokenVerifier, type JwkSet } from '@micro-ecommerce/pkg/auth';
import { CustomerServiceClient } from '@micro-ecommerce/pkg/gen/customer/v1/customer';
import { createGrpcClient, HealthClient } from '@micro-ecommerce/pkg/grpc';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCustomer, testCustomerConfig, type TestCustomer } from './start-test-customer.js';

// The service started in-process on free ports, called over real HTTP and gRPC, against the real PostgreSQL
// and Redis. Databases are shared and persistent: every email and client IP is unique to this run.

const run = crypto.randomUUID().slice(0, 8);
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID()}@customer-int.test`;
// A fresh documentation-range-like address per call, so per-IP counters never carry over between tests or runs.
const uniqueIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join('.')}`;
const admin = { email: `admin-${run}@customer-int.test`, password: 'admin-password-1' };
const limits = { window_seconds: 60, max_per_ip: 4, max_per_account_and_ip: 3, max_backoff_seconds: 900 };

const config = testCustomerConfig({ admins: [admin], login_rate_limit: limits });
const claims = { issuer: config.auth.issuer, audience: config.auth.audience };
const db = createPool(config.postgres, 'customer');
let service: TestCustomer;

beforeAll(async () => {
  service = await startTestCustomer(config);
});
afterAll(async () => {
  await service?.close();
  await db.end();
});

interface CallOptions {
  body?: unknown;
  raw?: string;
  token?: string;
  ip?: string;
}

const call = async (method: string, path: string, options: CallOptions = {}) => {
  const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? uniqueIp() };
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(`${service.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};

const signUp = (body: object) => call('POST', '/api/v1/customer/signup', { body });
/** Signs up (202, no account in the answer) and reads the new account from the database. */
const signedUp = async (body: { email: string; password: string; name?: string; referral_code?: string }) => {
  expect((await signUp(body)).status).toBe(202);
  const { rows } = await db.query('select id, email, referral_code, created_at from customers where lower(email) = lower($1)', [
    body.email,
  ]);
  return rows[0] as { id: string; email: string; referral_code: string; created_at: Date };
};
const logIn = (email: string, password: string, ip?: string) =>
  call('POST', '/api/v1/customer/login', { body: { email, password }, ...(ip === undefined ? {} : { ip }) });
const tokenOf = async (email: string, password: string): Promise<string> => {
  const res = await logIn(email, password);
  expect(res.status).toBe(200);
  return res.json.data.access_token;
};
const storedAccount = async (email: string) =>
  (await db.query('select role, password_hash, updated_at from customers where lower(email) = lower($1)', [email])).rows;

describe('customer service', () => {
  it('signs up, logs in, and issues a token that verifies against the JWKS it serves', async () => {
    const email = uniqueEmail('ada');
    const signup = await signUp({ email: email.toUpperCase(), password: 'correct horse', name: 'Ada' });
    expect({ status: signup.status, json: signup.json }).toEqual({ status: 202, json: { data: { email } } });
    const [account] = (await db.query('select id from customers where email = $1', [email])).rows;

    const login = await logIn(email, 'correct horse');
    expect(login.status).toBe(200);
    expect(login.json.data).toMatchObject({
      token_type: 'Bearer',
      expires_in: config.services.customer.jwt.ttl_seconds,
      refresh_token: expect.any(String),
      refresh_expires_in: config.services.customer.jwt.refresh_ttl_seconds,
    });

    const jwksResponse = await fetch(`${service.baseUrl}/.well-known/jwks.json`);
    expect(jwksResponse.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const jwks = (await jwksResponse.json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const token: string = login.json.data.access_token;
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]!.kid });

    const principal = { customerId: account.id, role: 'customer', tokenVersion: 0, expiresAt: expect.any(Number) };
    expect(await createTokenVerifier({ keys: { jwks }, ...claims })(token)).toEqual(principal);
    // The way other services verify: fetching the JWKS by URL.
    const remote = createTokenVerifier({ keys: { jwksUrl: `${service.baseUrl}/.well-known/jwks.json` }, ...claims });
    expect(await remote(token)).toEqual(principal);
  });

  it('answers a sign-up with a taken address (in another case) as a new one, and keeps the one account unchanged', async () => {
    const email = uniqueEmail('dup');
    const first = await signUp({ email, password: 'correct horse' });
    const [before] = await storedAccount(email);
    const again = await signUp({ email: email.toUpperCase(), password: 'another password' });
    expect({ status: again.status, json: again.json }).toEqual({ status: first.status, json: first.json });
    expect(await storedAccount(email)).toEqual([before]);
  });

  it('answers a wrong password and an unknown email with the same 401 INVALID_CREDENTIALS', async () => {
    const email = uniqueEmail('pw');
    await signUp({ email, password: 'correct horse' });
    const wrong = await logIn(email, 'wrong horse');
    const unknown = await logIn(uniqueEmail('nobody'), 'correct horse');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.json.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'wrong email or password' });
    }
  });

  it('answers 429 TOO_MANY_ATTEMPTS to an address that failed too often at one account, with a doubling Retry-After, and lets the owner in from elsewhere', async () => {
    const email = uniqueEmail('limited');
    const ip = uniqueIp();
    await signUp({ email, password: 'correct horse' });
    // Correct logins give their attempt back: they never use up the allowance.
    for (let i = 0; i < limits.max_per_account_and_ip + 2; i++) expect((await logIn(email, 'correct horse', ip)).status).toBe(200);
    for (let i = 0; i < limits.max_per_account_and_ip; i++) expect((await logIn(email.toUpperCase(), `guess ${i}`, ip)).status).toBe(401);
    const blocked = await logIn(email, 'correct horse', ip);
    expect({ status: blocked.status, code: blocked.json.error.code }).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(blocked.headers.get('retry-after'))).toBe(limits.window_seconds);
    const again = await logIn(email, 'correct horse', ip);
    expect(Number(again.headers.get('retry-after'))).toBe(2 * limits.window_seconds);
    expect((await logIn(email, 'correct horse', uniqueIp())).status).toBe(200);
  });

  it('answers 429 to a client IP that failed too often, whatever the email', async () => {
    const ip = uniqueIp();
    const email = uniqueEmail('victim');
    await signUp({ email, password: 'correct horse' });
    for (let i = 0; i < limits.max_per_ip; i++) expect((await logIn(uniqueEmail('spray'), 'guess guess', ip)).status).toBe(401);
    expect((await logIn(email, 'correct horse', ip)).status).toBe(429);
    expect((await logIn(email, 'correct horse', uniqueIp())).status).toBe(200);
  });

  it('shows and updates the caller’s own account on /me, loyalty points included', async () => {
    const email = uniqueEmail('me');
    const account = await signedUp({ email, password: 'correct horse', name: 'Ada' });
    await db.query('update customers set loyalty_points = 120 where id = $1', [account.id]);
    const token = await tokenOf(email, 'correct horse');

    const me = await call('GET', '/api/v1/customer/me', { token });
    expect(me.status).toBe(200);
    expect(me.json.data).toEqual({
      id: account.id,
      email,
      name: 'Ada',
      role: 'customer',
      loyalty_points: 120,
      referral_code: account.referral_code,
      created_at: account.created_at.toISOString(),
    });

    const newEmail = uniqueEmail('renamed');
    const put = await call('PUT', '/api/v1/customer/me', {
      token,
      body: { name: 'Countess', email: newEmail.toUpperCase(), password: 'new password', current_password: 'correct horse' },
    });
    expect(put.status).toBe(200);
    expect(put.json.data).toMatchObject({ id: account.id, name: 'Countess', email: newEmail, loyalty_points: 120 });
    // The change revoked the token it was made with.
    expect((await call('GET', '/api/v1/customer/me', { token })).json.error.code).toBe('TOKEN_REVOKED');
    expect((await logIn(newEmail, 'correct horse')).status).toBe(401);
    expect((await logIn(newEmail, 'new password')).status).toBe(200);
    expect((await logIn(email, 'new password')).status).toBe(401);
  });

  it('rejects bad input with a 4xx envelope naming the problem and writes nothing', async () => {
    const email = uniqueEmail('bad');
    const cases = [
      { raw: '{"email": ', status: 400 },
      { body: { email: email, password: 12345678 }, status: 400, field: 'password' },
      { body: { email: email, password: 'short' }, status: 400, field: 'password' },
      { body: { email: 'not an email', password: 'correct horse' }, status: 400, field: 'email' },
    ];
    for (const { field, status, ...options } of cases) {
      const res = await call('POST', '/api/v1/customer/signup', options);
      expect(res.status).toBe(status);
      expect(res.json.error.code).toEqual(expect.any(String));
      if (field !== undefined) expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await storedAccount(email)).toHaveLength(0);
    const noToken = await call('GET', '/api/v1/customer/me');
    expect({ status: noToken.status, code: noToken.json.error.code }).toEqual({ status: 401, code: 'MISSING_TOKEN' });
  });

  it('seeds the configured admin idempotently, and its token carries role admin', async () => {
    const [first] = await storedAccount(admin.email);
    expect(first.role).toBe('admin');
    // A restart (here: a second replica with the same config) neither rehashes nor writes.
    const replica = await startTestCustomer(config);
    await replica.close();
    const [second] = await storedAccount(admin.email);
    expect(second.password_hash).toBe(first.password_hash);
    expect(second.updated_at).toEqual(first.updated_at);

    const token = await tokenOf(admin.email, admin.password);
    const jwks = (await (await fetch(`${service.baseUrl}/.well-known/jwks.json`)).json()) as JwkSet;
    expect(await createTokenVerifier({ keys: { jwks }, ...claims })(token)).toMatchObject({ role: 'admin' });
    expect((await call('GET', '/api/v1/customer/me', { token })).json.data).toMatchObject({ email: admin.email, role: 'admin' });
  });

  it('re-seeds a changed admin password, and never adopts an account someone signed up with', async () => {
    const email = uniqueEmail('seeded');
    const first = await startTestCustomer(testCustomerConfig({ admins: [{ email, password: 'admin password 1' }] }));
    await first.close();
    const rotated = await startTestCustomer(testCustomerConfig({ admins: [{ email, password: 'admin password 2' }] }));
    await rotated.close();
    expect((await logIn(email, 'admin password 1')).status).toBe(401);
    expect((await logIn(email, 'admin password 2')).status).toBe(200);

    const squatted = uniqueEmail('squatted');
    await signUp({ email: squatted, password: 'customer password' });
    const seeding = await startTestCustomer(testCustomerConfig({ admins: [{ email: squatted, password: 'admin password 3' }] }));
    await seeding.close();
    expect((await storedAccount(squatted))[0].role).toBe('customer');
    expect((await logIn(squatted, 'admin password 3')).status).toBe(401);
    expect((await logIn(squatted, 'customer password')).status).toBe(200);
  });

  it('seeds the configured staff account, whose token carries role staff', async () => {
    const [staff] = config.services.customer.staff;
    expect((await storedAccount(staff!.email))[0].role).toBe('staff');
    const token = await tokenOf(staff!.email, staff!.password);
    expect((await call('GET', '/api/v1/customer/me', { token })).json.data).toMatchObject({ email: staff!.email, role: 'staff' });
  });

  it('gives every account a referral code on /me, records the referrer of a sign-up with it, and refuses an unknown one', async () => {
    const referrerEmail = uniqueEmail('referrer');
    await signUp({ email: referrerEmail, password: 'correct horse' });
    const me = (await call('GET', '/api/v1/customer/me', { token: await tokenOf(referrerEmail, 'correct horse') })).json.data;
    expect(me.referral_code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    const unknown = await signUp({ email: uniqueEmail('unknown-ref'), password: 'correct horse', referral_code: 'ZZZZ-2222' });
    expect({ status: unknown.status, code: unknown.json.error.code }).toEqual({ status: 422, code: 'REFERRAL_CODE_UNKNOWN' });
    expect(unknown.json.error.details.fields).toEqual([{ field: 'referral_code', message: expect.any(String) }]);

    const referredEmail = uniqueEmail('referred');
    const referred = await signedUp({ email: referredEmail, password: 'correct horse', referral_code: me.referral_code.toLowerCase() });
    expect(referred.referral_code).not.toBe(me.referral_code);
    expect((await db.query('select referred_by from customers where id = $1', [referred.id])).rows).toEqual([{ referred_by: me.id }]);
  });

  it("serves the caller's notifications newest first with the unread count, and marks them read", async () => {
    const email = uniqueEmail('inbox');
    const account = await signedUp({ email, password: 'correct horse' });
    const orderId = crypto.randomUUID();
    // Written as the order-events consumer writes them (two events, two transactions).
    for (const [kind, subject] of [
      ['ORDER_PAID', 'paid'],
      ['ORDER_SHIPPED', 'shipped'],
    ]) {
      await db.query(`insert into notifications (customer_id, order_id, event_id, kind, subject, body) values ($1, $2, $3, $4, $5, 'b')`, [
        account.id,
        orderId,
        `${kind}:${orderId}`,
        kind,
        subject,
      ]);
    }
    const token = await tokenOf(email, 'correct horse');
    const list = await call('GET', '/api/v1/customer/notifications', { token });
    expect(list.status).toBe(200);
    expect(list.json.data.map((n: { subject: string }) => n.subject)).toEqual(['shipped', 'paid']);
    expect(list.json).toMatchObject({ unread_count: 2, page: { page: 1, total: 2, total_pages: 1 } });
    const read = await call('POST', `/api/v1/customer/notifications/${list.json.data[0].id}/read`, { token });
    expect(read.json.data).toMatchObject({ subject: 'shipped', read_at: expect.any(String) });
    const otherToken = await tokenOf(admin.email, admin.password);
    expect((await call('POST', `/api/v1/customer/notifications/${list.json.data[1].id}/read`, { token: otherToken })).status).toBe(404);
    expect((await call('GET', '/api/v1/customer/notifications', { token })).json.unread_count).toBe(1);
    expect((await call('POST', '/api/v1/customer/notifications/read-all', { token })).json.data).toEqual({ marked: 1 });
  });

  it('answers GetCustomer over gRPC and serves the health service', async () => {
    const account = await signedUp({ email: uniqueEmail('grpc'), password: 'correct horse', name: 'Grace' });
    const client = createGrpcClient(CustomerServiceClient, service.grpcAddress, { grpc: config.grpc });
    const health = createGrpcClient(HealthClient, service.grpcAddress, { grpc: config.grpc });
    try {
      const { customer } = await client.call('getCustomer', { customerId: account.id });
      expect(customer).toMatchObject({ id: account.id, email: account.email, name: 'Grace', role: 'customer', loyaltyPoints: 0n });
      expect(Number(customer!.createdAt!.seconds)).toBe(Math.floor(account.created_at.getTime() / 1000));
      await expect(client.call('getCustomer', { customerId: crypto.randomUUID() })).rejects.toMatchObject({
        kind: 'NOT_FOUND',
        reason: 'CUSTOMER_NOT_FOUND',
      });
      await expect(client.call('getCustomer', { customerId: 'not-a-uuid' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
      expect(await health.call('check', { service: 'customer.v1.CustomerService' })).toEqual({ status: 'SERVING' });
    } finally {
      client.close();
      health.close();
    }
  });

  it('reports live and ready with PostgreSQL and Redis checked', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    const ready = await call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, json: { data: { status: 'ready', checks: { postgres: 'ok', redis: 'ok' } } } });
  });
});
