import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../http/index.js';
import { createTokenIssuer, createTokenVerifier, loadOrCreateSigningKey, requireAuth, type AuthEnv } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'auth-test-'));
const key = await loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
const otherKey = await loadOrCreateSigningKey(join(dir, 'other-private.pem'), join(dir, 'other-public.pem'));
const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
const issue = createTokenIssuer({ key, ttlSeconds: 60, ...claims });
const verify = createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims });

const app = createHttpApp<AuthEnv>({ logger: pino({ level: 'silent' }) });
app.get('/me', requireAuth(verify), (c) => c.json({ data: c.var.principal }));
app.get('/admin', requireAuth(verify, { role: 'admin' }), (c) => c.json({ data: 'ok' }));
const call = async (path: string, token?: string) => {
  const res = await app.request(path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
};

describe('auth', () => {
  it('keeps the generated key pair across restarts, with a stable kid', async () => {
    const again = await loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
    expect(again.kid).toBe(key.kid);
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key.kid });
  });

  it('accepts its own token and exposes the principal', async () => {
    const { accessToken } = await issue({ customerId: 'c-1', role: 'customer' });
    expect(await call('/me', accessToken)).toEqual({ status: 200, body: { data: { customerId: 'c-1', role: 'customer' } } });
  });

  it('answers 401 for a missing, forged, expired or wrong-audience token', async () => {
    expect((await call('/me')).body.error.code).toBe('MISSING_TOKEN');
    const forged = await createTokenIssuer({ key: otherKey, ttlSeconds: 60, ...claims })({ customerId: 'c-1', role: 'admin' });
    const expired = await createTokenIssuer({ key, ttlSeconds: -10, ...claims })({ customerId: 'c-1', role: 'customer' });
    const wrongAudience = await createTokenIssuer({ key, ttlSeconds: 60, issuer: claims.issuer, audience: 'other' })({
      customerId: 'c-1',
      role: 'customer',
    });
    const cases = [
      [forged.accessToken, 'INVALID_TOKEN'],
      [expired.accessToken, 'TOKEN_EXPIRED'],
      [wrongAudience.accessToken, 'INVALID_TOKEN'],
      ['not.a.jwt', 'INVALID_TOKEN'],
    ];
    for (const [token, reason] of cases) {
      const { status, body } = await call('/me', token);
      expect({ status, code: body.error.code }).toEqual({ status: 401, code: reason });
    }
  });

  it('answers 403 to a customer on an admin route and lets an admin through', async () => {
    const customer = await issue({ customerId: 'c-1', role: 'customer' });
    const admin = await issue({ customerId: 'a-1', role: 'admin' });
    expect((await call('/admin', customer.accessToken)).status).toBe(403);
    expect((await call('/admin', admin.accessToken)).status).toBe(200);
  });
});
