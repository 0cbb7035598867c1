import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPublicKeyLookup, type JwkSet } from './public-key-lookup.js';

const rsaJwk = (kid: string) => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
  kid,
  alg: 'RS256',
  use: 'sig',
});
const first = rsaJwk('first');
const second = rsaJwk('second');

// A JWKS endpoint in memory: what it publishes and how it answers can change between calls.
const jwksEndpoint = (published: JwkSet) => {
  const state = { published, status: 200 };
  const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) =>
    Response.json(state.published, { status: state.status }),
  );
  return { state, fetch, lookup: createPublicKeyLookup({ jwksUrl: 'http://customer/.well-known/jwks.json' }, { fetch }) };
};
const later = (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
};

afterEach(() => vi.useRealTimers());

describe('createPublicKeyLookup', () => {
  it('finds a key of an in-memory set by kid, as a public RSA KeyObject', async () => {
    const lookup = createPublicKeyLookup({ jwks: { keys: [first, second] } });
    const key = await lookup('second');
    expect({ type: key?.type, kind: key?.asymmetricKeyType, n: key?.export({ format: 'jwk' }).n }).toEqual({
      type: 'public',
      kind: 'rsa',
      n: second.n,
    });
    expect(await lookup('unknown')).toBeUndefined();
  });

  it('ignores members that cannot verify RS256: other kty, alg or use, private parts, no kid, unreadable', async () => {
    const { d: _d, ...ecPublic } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const rsaPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const { kid: _kid, ...noKid } = rsaJwk('none');
    const keys = [
      { ...ecPublic, kid: 'ec' },
      { ...rsaJwk('x'), kid: 'hs', alg: 'HS256' },
      { ...rsaJwk('x'), kid: 'enc', use: 'enc' },
      { ...rsaJwk('x'), kid: 'ops', key_ops: ['encrypt'] },
      { ...rsaPrivate, kid: 'private' },
      { kty: 'RSA', kid: 'broken', e: 'AQAB' },
      noKid,
      first,
    ];
    const lookup = createPublicKeyLookup({ jwks: { keys } });
    for (const kid of ['ec', 'hs', 'enc', 'ops', 'private', 'broken', 'none']) expect(await lookup(kid), kid).toBeUndefined();
    expect(await lookup('first')).toBeDefined();
  });

  it('fetches the set once and answers later lookups from its cache', async () => {
    const { fetch, lookup } = jwksEndpoint({ keys: [first] });
    expect(await lookup('first')).toBeDefined();
    expect(await lookup('first')).toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ redirect: 'manual' });
  });

  it('shares one request between concurrent lookups', async () => {
    const { fetch, lookup } = jwksEndpoint({ keys: [first] });
    await Promise.all([lookup('first'), lookup('first'), lookup('first')]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('refetches on an unknown kid (a rotated-in key), at most once per cooldown', async () => {
    const { state, fetch, lookup } = jwksEndpoint({ keys: [first] });
    await lookup('first');
    state.published = { keys: [first, second] };
    expect(await lookup('second')).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    later(30_000);
    expect(await lookup('second')).toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('refetches a set older than its max age, dropping keys no longer published', async () => {
    const { state, fetch, lookup } = jwksEndpoint({ keys: [first] });
    await lookup('first');
    state.published = { keys: [second] };
    later(600_000);
    expect(await lookup('first')).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('fails while the endpoint answers an error or no JWK Set, and recovers on the next lookup', async () => {
    const { state, lookup } = jwksEndpoint({ keys: [first] });
    state.status = 503;
    await expect(lookup('first')).rejects.toThrow(/answered 503/);
    state.status = 200;
    state.published = { nope: true } as unknown as JwkSet;
    await expect(lookup('first')).rejects.toThrow(/did not answer a JWK Set/);
    state.published = { keys: [first] };
    expect(await lookup('first')).toBeDefined();
  });
});
