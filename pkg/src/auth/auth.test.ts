import { createHmac, createSecretKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '../http/index.js';
import { createTokenIssuer, createTokenVerifier, loadOrCreateSigningKey, requireAuth, type AuthEnv } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'auth-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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
    const { exp } = jwt.decode(accessToken) as jwt.JwtPayload;
    expect(await call('/me', accessToken)).toEqual({
      status: 200,
      body: { data: { customerId: 'c-1', role: 'customer', expiresAt: exp! * 1000 } },
    });
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

// Tokens built by hand, so a test controls the header and the signature that no well-behaved issuer would produce.
const segment = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
const handMade = (header: object, payload: object, sign: (input: string) => string) => {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${sign(input)}`;
};
const adminClaims = () => {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'c-1', role: 'admin', iss: claims.issuer, aud: claims.audience, iat: now, exp: now + 60 };
};
const partsOf = (token: string) => token.split('.') as [string, string, string];
const invalid = (message = 'access token is invalid') => ({ kind: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN', message });

describe('token verifier', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('verifies a token the issuer signed: RS256 with our kid, the expected claims', async () => {
    const { accessToken, expiresIn } = await issue({ customerId: 'c-1', role: 'customer' });
    const decoded = jwt.decode(accessToken, { complete: true })!;
    const payload = decoded.payload as jwt.JwtPayload;
    expect(await verify(accessToken)).toEqual({ customerId: 'c-1', role: 'customer', expiresAt: payload.exp! * 1000 });
    expect(decoded.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.kid });
    expect(payload).toMatchObject({ sub: 'c-1', role: 'customer', iss: claims.issuer, aud: claims.audience });
    expect(payload.exp! - payload.iat!).toBe(expiresIn);
  });

  it('carries the token version as `ver` when the issuer is given one', async () => {
    const { accessToken } = await issue({ customerId: 'c-1', role: 'customer', tokenVersion: 3 });
    expect(await verify(accessToken)).toEqual({ customerId: 'c-1', role: 'customer', tokenVersion: 3, expiresAt: expect.any(Number) });
    expect((jwt.decode(accessToken) as jwt.JwtPayload).ver).toBe(3);
  });

  it('rejects a wrong audience or issuer, naming the claim', async () => {
    const wrongAudience = await createTokenIssuer({ key, ttlSeconds: 60, ...claims, audience: 'other' })({
      customerId: 'c-1',
      role: 'customer',
    });
    const wrongIssuer = await createTokenIssuer({ key, ttlSeconds: 60, ...claims, issuer: 'other' })({
      customerId: 'c-1',
      role: 'customer',
    });
    await expect(verify(wrongAudience.accessToken)).rejects.toMatchObject(invalid('access token rejected: unexpected "aud" claim value'));
    await expect(verify(wrongIssuer.accessToken)).rejects.toMatchObject(invalid('access token rejected: unexpected "iss" claim value'));
  });

  it('rejects an expired token as TOKEN_EXPIRED and a not-yet-valid one as invalid', async () => {
    const expired = await createTokenIssuer({ key, ttlSeconds: -1, ...claims })({ customerId: 'c-1', role: 'customer' });
    await expect(verify(expired.accessToken)).rejects.toMatchObject({
      kind: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
      message: 'access token expired',
    });
    const early = jwt.sign({ role: 'customer' }, key.privateKey, {
      algorithm: 'RS256',
      keyid: key.kid,
      subject: 'c-1',
      ...claims,
      notBefore: 60,
    });
    await expect(verify(early)).rejects.toMatchObject(invalid('access token rejected: "nbf" claim timestamp check failed'));
  });

  it('rejects a tampered payload or signature', async () => {
    const [header, payload, signature] = partsOf((await issue({ customerId: 'c-1', role: 'customer' })).accessToken);
    const promoted = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object), role: 'admin' };
    await expect(verify(`${header}.${segment(promoted)}.${signature}`)).rejects.toMatchObject(invalid());
    // A character in the middle: the last one may only carry padding bits.
    const flipped = `${signature.slice(0, 100)}${signature[100] === 'A' ? 'B' : 'A'}${signature.slice(101)}`;
    await expect(verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject(invalid());
  });

  it('rejects a token another key signed, even when it names our kid', async () => {
    const forged = jwt.sign(adminClaims(), otherKey.privateKey, { algorithm: 'RS256', keyid: key.kid });
    expect(jwt.decode(forged, { complete: true })?.header.kid).toBe(key.kid);
    await expect(verify(forged)).rejects.toMatchObject(invalid());
  });

  it('rejects HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const publicPem = readFileSync(join(dir, 'public.pem'));
    for (const secret of [publicPem, Buffer.from(JSON.stringify(key.publicJwk))]) {
      const forged = handMade({ alg: 'HS256', typ: 'JWT', kid: key.kid }, adminClaims(), (input) =>
        createHmac('sha256', secret).update(input).digest('base64url'),
      );
      // The forgery is a well-made HS256 token: only the refusal of HS256 stops it.
      expect(jwt.verify(forged, createSecretKey(secret), { algorithms: ['HS256'] })).toMatchObject({ role: 'admin' });
      await expect(verify(forged)).rejects.toMatchObject(invalid());
    }
  });

  it('rejects an unsigned token (alg none), a token without kid and one naming an unknown kid', async () => {
    const unsigned = handMade({ alg: 'none', typ: 'JWT', kid: key.kid }, adminClaims(), () => '');
    expect(jwt.decode(unsigned)).toMatchObject({ role: 'admin' });
    await expect(verify(unsigned)).rejects.toMatchObject(invalid());
    const noKid = jwt.sign(adminClaims(), key.privateKey, { algorithm: 'RS256' });
    await expect(verify(noKid)).rejects.toMatchObject(invalid());
    const unknownKid = jwt.sign(adminClaims(), key.privateKey, { algorithm: 'RS256', keyid: 'unknown' });
    await expect(verify(unknownKid)).rejects.toMatchObject(invalid());
  });

  it('rejects a signed token without an expiry (nothing would end what it holds open)', async () => {
    const token = jwt.sign({ role: 'customer' }, key.privateKey, {
      algorithm: 'RS256',
      keyid: key.kid,
      subject: 'c-1',
      issuer: claims.issuer,
      audience: claims.audience,
    });
    await expect(verify(token)).rejects.toMatchObject(invalid('access token lacks an expiry'));
  });

  it('rejects a signed token without subject or role', async () => {
    const { sub: _sub, ...noSubject } = adminClaims();
    const token = jwt.sign({ ...noSubject, role: 'root' }, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
    await expect(verify(token)).rejects.toMatchObject(invalid('access token lacks subject or role'));
  });

  it('verifies against a JWKS URL, and answers UNAVAILABLE (not 401) while the JWKS cannot be fetched', async () => {
    const url = 'http://customer.test/.well-known/jwks.json';
    const fetch = vi.fn(async () => Response.json({ keys: [key.publicJwk] }));
    vi.stubGlobal('fetch', fetch);
    const { accessToken } = await issue({ customerId: 'c-1', role: 'customer' });
    expect(await createTokenVerifier({ keys: { jwksUrl: url }, ...claims })(accessToken)).toMatchObject({
      customerId: 'c-1',
      role: 'customer',
    });
    expect(fetch).toHaveBeenCalledWith(new URL(url), expect.anything());

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(createTokenVerifier({ keys: { jwksUrl: url }, ...claims })(accessToken)).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      message: 'cannot verify access tokens right now',
    });
  });
});
