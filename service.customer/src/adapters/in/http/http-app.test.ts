import { createTokenIssuer, createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { throwawaySigningKey } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../../../test/fakes/fake-customer-repository.js';
import { FakeNotificationInbox } from '../../../../test/fakes/fake-notification-inbox.js';
import { FakePasswordHasher } from '../../../../test/fakes/fake-password-hasher.js';
import { FakeRateLimiter } from '../../../../test/fakes/fake-rate-limiter.js';
import { FakeRefreshTokenStore } from '../../../../test/fakes/fake-refresh-token-store.js';
import { makeGetCustomer } from '../../../app/get-customer.js';
import { makeLogIn } from '../../../app/log-in.js';
import { makeNotificationUseCases } from '../../../app/notifications.js';
import { makeSessions } from '../../../app/sessions.js';
import { makeSignUp } from '../../../app/sign-up.js';
import { makeUpdateProfile } from '../../../app/update-profile.js';
import { makeVerifyCurrentToken } from '../../../app/verify-current-token.js';
import { buildHttpApp } from './http-app.js';

// The whole HTTP adapter over app.request (no server): real routing, validation, auth and error envelope,
// with the use cases running on fakes of our own ports.

const key = await throwawaySigningKey();
const otherKey = await throwawaySigningKey();
const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
const issueToken = createTokenIssuer({ key, ttlSeconds: 60, ...claims });

let repository: FakeCustomerRepository;
let rateLimiter: FakeRateLimiter;
let inbox: FakeNotificationInbox;
let app: ReturnType<typeof buildHttpApp>;

beforeEach(() => {
  repository = new FakeCustomerRepository();
  rateLimiter = new FakeRateLimiter();
  inbox = new FakeNotificationInbox();
  const hasher = new FakePasswordHasher();
  const sessions = makeSessions({ repository, issueToken, refreshTokens: new FakeRefreshTokenStore(repository), refreshTtlSeconds: 600 });
  app = buildHttpApp({
    logger: pino({ level: 'silent' }),
    useCases: {
      signUp: makeSignUp({ repository, hasher }),
      logIn: makeLogIn({
        repository,
        hasher,
        rateLimiter,
        refusals: { count: () => undefined },
        sessions,
        limits: { windowSeconds: 60, maxPerIp: 100, maxPerAccountAndIp: 2, maxBackoffSeconds: 900 },
      }),
      sessions,
      getCustomer: makeGetCustomer({ repository }),
      updateProfile: makeUpdateProfile({ repository, hasher, rateLimiter, reauthLimit: { limit: 3, windowSeconds: 60 } }),
      ...makeNotificationUseCases({ inbox }),
    },
    maxPageSize: 50,
    verifyToken: makeVerifyCurrentToken(createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims }), repository),
    publicKeys: [key.publicJwk],
  });
});

const request = async (
  method: string,
  path: string,
  options: { body?: string | object; token?: string; headers?: Record<string, string> } = {},
) => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const body = typeof options.body === 'object' ? JSON.stringify(options.body) : options.body;
  const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text === '' ? null : JSON.parse(text)) as any };
};

const signUp = (body: object) => request('POST', '/api/v1/customer/signup', { body });
/** Signs up and returns the stored account (sign-up itself answers no id). */
const signedUp = async (body: { email: string; password: string }) => {
  expect((await signUp(body)).status).toBe(202);
  return (await repository.findByEmail(body.email))!;
};
const fieldsOf = (json: any): string[] => json.error.details.fields.map((f: { field: string }) => f.field);

describe('customer HTTP API', () => {
  it('signs up: 202 naming the normalised address, the account stored with a hash', async () => {
    // Stored lower-cased; surrounding whitespace is refused (the documented pattern has no room for it).
    expect((await signUp({ email: ' ada@example.com ', password: 'correct horse', name: 'Ada' })).status).toBe(400);
    const { status, json } = await signUp({ email: 'Ada@Example.com', password: 'correct horse', name: 'Ada' });
    expect({ status, json }).toEqual({ status: 202, json: { data: { email: 'ada@example.com' } } });
    expect(await repository.findByEmail('ada@example.com')).toMatchObject({
      name: 'Ada',
      role: 'customer',
      passwordHash: 'hashed:correct horse',
    });
  });

  it('answers 400 naming each bad field: wrong types, missing fields, short password, bad email, unknown keys', async () => {
    const cases: [object, string[]][] = [
      [{ email: 42, password: true }, ['email', 'password']],
      [{}, ['email', 'password']],
      [{ email: 'ada@example.com', password: 'short' }, ['password']],
      [{ email: 'not-an-email', password: 'correct horse' }, ['email']],
      [{ email: 'not-an-email', password: 'short' }, ['email', 'password']],
      [{ email: 'ada@example.com', password: 'correct horse', role: 'admin' }, ['(root)']],
    ];
    for (const [body, fields] of cases) {
      const { status, json } = await signUp(body);
      expect({ body, status, code: json.error.code, fields: fieldsOf(json) }).toEqual({
        body,
        status: 400,
        code: 'INVALID_ARGUMENT',
        fields,
      });
      expect(json.request_id).toEqual(expect.any(String));
    }
    expect(repository.accounts.size).toBe(0);
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await request('POST', '/api/v1/customer/signup', { body: '{"email": "a@b.co", ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toMatch(/JSON/);
    const text = await request('POST', '/api/v1/customer/login', { body: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.json.error).toBeDefined();
  });

  it('answers a sign-up with a taken address (in any case) exactly as a new one, changing nothing', async () => {
    const fresh = await signUp({ email: 'ada@example.com', password: 'correct horse', name: 'Ada' });
    const taken = await signUp({ email: 'ADA@EXAMPLE.COM', password: 'other horse', name: 'Eve' });
    expect({ status: taken.status, json: taken.json }).toEqual({ status: fresh.status, json: fresh.json });
    expect(repository.accounts.size).toBe(1);
    expect(await repository.findByEmail('ada@example.com')).toMatchObject({ name: 'Ada', passwordHash: 'hashed:correct horse' });
  });

  it('logs in with a bearer token that /me accepts', async () => {
    await signUp({ email: 'ada@example.com', password: 'correct horse', name: 'Ada' });
    const login = await request('POST', '/api/v1/customer/login', { body: { email: 'Ada@example.com', password: 'correct horse' } });
    expect(login.status).toBe(200);
    expect(login.json.data).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 60,
      refresh_token: expect.any(String),
      refresh_expires_in: 600,
    });
    const me = await request('GET', '/api/v1/customer/me', { token: login.json.data.access_token });
    expect(me.status).toBe(200);
    expect(me.json.data).toMatchObject({ email: 'ada@example.com', name: 'Ada', loyalty_points: 0 });
  });

  it('rotates refresh tokens, ends the family on a replay, and revokes every token on a password change', async () => {
    await signUp({ email: 'ada@example.com', password: 'correct horse' });
    const login = (await request('POST', '/api/v1/customer/login', { body: { email: 'ada@example.com', password: 'correct horse' } })).json
      .data;
    const refresh = (refresh_token: string) => request('POST', '/api/v1/customer/token', { body: { refresh_token } });
    const second = await refresh(login.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.data.refresh_token).not.toBe(login.refresh_token);
    // The first token again: a replay. Its whole family ends, the successor included.
    const replay = await refresh(login.refresh_token);
    expect({ status: replay.status, code: replay.json.error.code }).toEqual({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
    expect((await refresh(second.json.data.refresh_token)).json.error.code).toBe('INVALID_REFRESH_TOKEN');

    const session = (await request('POST', '/api/v1/customer/login', { body: { email: 'ada@example.com', password: 'correct horse' } }))
      .json.data;
    const changed = await request('PUT', '/api/v1/customer/me', {
      token: session.access_token,
      body: { password: 'new horse battery', current_password: 'correct horse' },
    });
    expect(changed.status).toBe(200);
    const stale = await request('GET', '/api/v1/customer/me', { token: session.access_token });
    expect({ status: stale.status, code: stale.json.error.code }).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await refresh(session.refresh_token)).json.error.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('ends a session on log-out: its refresh token no longer works', async () => {
    await signUp({ email: 'ada@example.com', password: 'correct horse' });
    const login = (await request('POST', '/api/v1/customer/login', { body: { email: 'ada@example.com', password: 'correct horse' } })).json
      .data;
    expect((await request('POST', '/api/v1/customer/logout', { body: { refresh_token: login.refresh_token } })).status).toBe(204);
    const after = await request('POST', '/api/v1/customer/token', { body: { refresh_token: login.refresh_token } });
    expect({ status: after.status, code: after.json.error.code }).toEqual({ status: 401, code: 'INVALID_REFRESH_TOKEN' });
  });

  it('answers 401 INVALID_CREDENTIALS, then 429 with Retry-After once the email is over its limit', async () => {
    await signUp({ email: 'ada@example.com', password: 'correct horse' });
    const body = { email: 'ada@example.com', password: 'wrong horse' };
    for (let i = 0; i < 2; i++) {
      const res = await request('POST', '/api/v1/customer/login', { body });
      expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(res.headers.get('retry-after')).toBeNull();
    }
    const blocked = await request('POST', '/api/v1/customer/login', { body: { ...body, password: 'correct horse' } });
    expect({ status: blocked.status, code: blocked.json.error.code }).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(blocked.headers.get('retry-after')).toBe('42');
    expect(blocked.json.error.details).toEqual({ retry_after_seconds: 42 });
  });

  it('uses the last X-Forwarded-For entry (the one the edge appended) as the client IP', async () => {
    await request('POST', '/api/v1/customer/login', {
      body: { email: 'x@example.com', password: 'whatever1' },
      headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' },
    });
    expect(rateLimiter.counts.get('login:ip:10.0.0.1')).toBe(1);
    expect(rateLimiter.counts.has('login:ip:203.0.113.7')).toBe(false);
  });

  it('answers 401 on /me for a missing, forged, expired or wrong-audience token', async () => {
    const { id } = await signedUp({ email: 'ada@example.com', password: 'correct horse' });
    const principal = { customerId: id, role: 'customer' as const };
    const forged = await createTokenIssuer({ key: otherKey, ttlSeconds: 60, ...claims })(principal);
    const expired = await createTokenIssuer({ key, ttlSeconds: -5, ...claims })(principal);
    const wrongAudience = await createTokenIssuer({ key, ttlSeconds: 60, issuer: claims.issuer, audience: 'elsewhere' })(principal);
    const cases: [string | undefined, string][] = [
      [undefined, 'MISSING_TOKEN'],
      [forged.accessToken, 'INVALID_TOKEN'],
      [expired.accessToken, 'TOKEN_EXPIRED'],
      [wrongAudience.accessToken, 'INVALID_TOKEN'],
      ['garbage', 'INVALID_TOKEN'],
    ];
    for (const [token, code] of cases) {
      for (const method of ['GET', 'PUT']) {
        const res = await request(method, '/api/v1/customer/me', {
          ...(token === undefined ? {} : { token }),
          body: method === 'PUT' ? { name: 'x' } : undefined,
        });
        expect({ method, code, status: res.status, got: res.json.error.code }).toEqual({ method, code, status: 401, got: code });
      }
    }
  });

  it("updates only the caller's own account", async () => {
    const ada = await signedUp({ email: 'ada@example.com', password: 'correct horse' });
    const bob = await signedUp({ email: 'bob@example.com', password: 'correct horse' });
    const { accessToken } = await issueToken({ customerId: ada.id, role: 'customer' });
    const res = await request('PUT', '/api/v1/customer/me', {
      token: accessToken,
      body: { name: 'Countess', email: 'ADA.L@example.com', current_password: 'correct horse' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: ada.id, name: 'Countess', email: 'ada.l@example.com' });
    expect(repository.accounts.get(bob.id)?.name).toBe('');
  });

  it('answers 400 for an empty or invalid PUT /me and 409 for a taken email', async () => {
    const ada = await signedUp({ email: 'ada@example.com', password: 'correct horse' });
    await signUp({ email: 'bob@example.com', password: 'correct horse' });
    const { accessToken: token } = await issueToken({ customerId: ada.id, role: 'customer' });
    const empty = await request('PUT', '/api/v1/customer/me', { token, body: {} });
    expect(empty.status).toBe(400);
    const bad = await request('PUT', '/api/v1/customer/me', { token, body: { password: 'short', role: 'admin' } });
    expect({ status: bad.status, fields: fieldsOf(bad.json).sort() }).toEqual({
      status: 400,
      fields: ['(root)', 'current_password', 'password'],
    });
    const taken = await request('PUT', '/api/v1/customer/me', {
      token,
      body: { email: 'Bob@example.com', current_password: 'correct horse' },
    });
    expect({ status: taken.status, code: taken.json.error.code }).toEqual({ status: 409, code: 'EMAIL_TAKEN' });
  });

  it('answers 404 CUSTOMER_NOT_FOUND on /me for a valid token of a deleted account', async () => {
    const { accessToken } = await issueToken({ customerId: crypto.randomUUID(), role: 'customer' });
    const res = await request('GET', '/api/v1/customer/me', { token: accessToken });
    expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
  });

  it('serves the JWKS, not enveloped, with a cache lifetime', async () => {
    const res = await request('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ keys: [key.publicJwk] });
    expect(res.json.keys[0]).not.toHaveProperty('d');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it('documents its routes in an OpenAPI 3.1 document', async () => {
    const res = await request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/api/v1/customer/login',
      '/api/v1/customer/logout',
      '/api/v1/customer/me',
      '/api/v1/customer/notifications',
      '/api/v1/customer/notifications/read-all',
      '/api/v1/customer/notifications/{id}/read',
      '/api/v1/customer/signup',
      '/api/v1/customer/token',
    ]);
    expect(res.json.components.schemas.SignUpRequest.properties).toHaveProperty('referral_code');
    expect(res.json.components.schemas.Customer.required).toContain('referral_code');
    expect(res.json.components.schemas.SignUpRequest.properties.password.minLength).toBe(8);
  });

  it('signs up with a referral code and answers 422 REFERRAL_CODE_UNKNOWN naming the field for an unknown one', async () => {
    const referrer = await signedUp({ email: 'ref@example.com', password: 'correct horse' });
    const unknown = await signUp({ email: 'new@example.com', password: 'correct horse', referral_code: 'ZZZZ2222' });
    expect({ status: unknown.status, code: unknown.json.error.code, fields: fieldsOf(unknown.json) }).toEqual({
      status: 422,
      code: 'REFERRAL_CODE_UNKNOWN',
      fields: ['referral_code'],
    });
    const referred = await signUp({
      email: 'new@example.com',
      password: 'correct horse',
      referral_code: referrer.referralCode.toLowerCase(),
    });
    expect(referred.status).toBe(202);
    expect((await repository.findByEmail('new@example.com'))?.referredBy).toBe(referrer.id);
  });
});

describe('notification HTTP API', () => {
  const tokenFor = async (customerId: string) => (await issueToken({ customerId, role: 'customer' })).accessToken;

  it("lists the caller's notifications newest first, paged, with the unread count", async () => {
    const me = crypto.randomUUID();
    const [first, second, third] = [1, 2, 3].map((i) => inbox.add(me, { subject: `n${i}` }));
    inbox.add(crypto.randomUUID(), { subject: 'someone else' });
    third!.readAt = new Date();
    const token = await tokenFor(me);
    const page1 = await request('GET', '/api/v1/customer/notifications?page_size=2', { token });
    expect(page1.status).toBe(200);
    expect(page1.json.data.map((n: { subject: string }) => n.subject)).toEqual(['n3', 'n2']);
    expect(page1.json.page).toEqual({ page: 1, page_size: 2, total: 3, total_pages: 2 });
    expect(page1.json.unread_count).toBe(2);
    expect(page1.json.data[1]).toEqual({
      id: second!.id,
      kind: 'ORDER_PAID',
      order_id: second!.orderId,
      subject: 'n2',
      body: 'Thank you!',
      created_at: second!.createdAt.toISOString(),
      read_at: null,
    });
    const page2 = await request('GET', '/api/v1/customer/notifications?page=2&page_size=2', { token });
    expect(page2.json.data.map((n: { id: string }) => n.id)).toEqual([first!.id]);
    expect((await request('GET', '/api/v1/customer/notifications?page_size=51', { token })).status).toBe(400);
  });

  it("marks one read idempotently, and answers 404 for another customer's or an unknown id", async () => {
    const me = crypto.randomUUID();
    const mine = inbox.add(me);
    const theirs = inbox.add(crypto.randomUUID());
    const token = await tokenFor(me);
    const read = await request('POST', `/api/v1/customer/notifications/${mine.id}/read`, { token });
    expect(read.status).toBe(200);
    expect(read.json.data).toMatchObject({ id: mine.id, read_at: expect.any(String) });
    const again = await request('POST', `/api/v1/customer/notifications/${mine.id}/read`, { token });
    expect(again.json.data.read_at).toBe(read.json.data.read_at);
    for (const id of [theirs.id, crypto.randomUUID(), 'not-a-uuid']) {
      const res = await request('POST', `/api/v1/customer/notifications/${id}/read`, { token });
      expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 404, code: 'NOTIFICATION_NOT_FOUND' });
    }
    expect(theirs.readAt).toBeNull();
  });

  it("marks all of the caller's notifications read", async () => {
    const me = crypto.randomUUID();
    inbox.add(me);
    inbox.add(me);
    const theirs = inbox.add(crypto.randomUUID());
    const token = await tokenFor(me);
    const res = await request('POST', '/api/v1/customer/notifications/read-all', { token });
    expect({ status: res.status, json: res.json }).toEqual({ status: 200, json: { data: { marked: 2 } } });
    expect((await request('GET', '/api/v1/customer/notifications', { token })).json.unread_count).toBe(0);
    expect(theirs.readAt).toBeNull();
  });

  it('answers 401 without a token', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/customer/notifications'],
      ['POST', '/api/v1/customer/notifications/read-all'],
      ['POST', `/api/v1/customer/notifications/${crypto.randomUUID()}/read`],
    ] as const) {
      expect((await request(method, path)).status).toBe(401);
    }
  });
});
