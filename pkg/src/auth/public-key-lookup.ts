import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { JWT_ALGORITHM } from './key-pair.js';

/** An RFC 7517 JWK Set, as the customer service publishes it. */
export interface JwkSet {
  keys: JsonWebKey[];
}

/** The verification key a token's kid names, or undefined when the set has no usable key with that kid. */
export type PublicKeyLookup = (kid: string) => Promise<KeyObject | undefined>;

export interface RemoteJwksOptions {
  /** A fetched set older than this is fetched again before use. */
  maxAgeMs: number;
  /** An unknown kid refetches the set at most this often, so made-up kids cannot flood the customer service. */
  cooldownMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

const REMOTE_DEFAULTS: RemoteJwksOptions = {
  maxAgeMs: 600_000,
  cooldownMs: 30_000,
  timeoutMs: 5_000,
  fetch: (input, init) => fetch(input, init),
};

// Only RSA signature keys for RS256 verify; a member with private parts is a publishing mistake, never a key to trust.
const isUsable = (jwk: JsonWebKey): jwk is JsonWebKey & { kid: string } =>
  typeof jwk.kid === 'string' &&
  jwk.kty === 'RSA' &&
  jwk.d === undefined &&
  (jwk.alg === undefined || jwk.alg === JWT_ALGORITHM) &&
  (jwk.use === undefined || jwk.use === 'sig') &&
  (jwk.key_ops === undefined || (Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')));

const keysByKid = (set: JwkSet): Map<string, KeyObject> => {
  const keys = new Map<string, KeyObject>();
  for (const jwk of set.keys) {
    if (!isUsable(jwk) || keys.has(jwk.kid)) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      // A member node:crypto cannot read verifies nothing; the others still do.
    }
  }
  return keys;
};

const isJwkSet = (value: unknown): value is JwkSet =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as { keys?: unknown }).keys) &&
  (value as { keys: unknown[] }).keys.every((jwk) => typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk));

const fetchJwkSet = async (url: URL, options: RemoteJwksOptions): Promise<JwkSet> => {
  const response = await options.fetch(url, {
    signal: AbortSignal.timeout(options.timeoutMs),
    redirect: 'manual',
    headers: { accept: 'application/json, application/jwk-set+json' },
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`GET ${url.href} answered ${response.status}, not 200`);
  }
  const body: unknown = await response.json();
  if (!isJwkSet(body)) throw new Error(`GET ${url.href} did not answer a JWK Set`);
  return body;
};

const remoteLookup = (url: URL, options: RemoteJwksOptions): PublicKeyLookup => {
  let keys: Map<string, KeyObject> | undefined;
  let fetchedAt = 0;
  let pending: Promise<Map<string, KeyObject>> | undefined;
  // Concurrent callers share one request; a failed fetch is not remembered, so the next token tries again.
  const refetch = () =>
    (pending ??= fetchJwkSet(url, options)
      .then((set) => {
        keys = keysByKid(set);
        fetchedAt = Date.now();
        return keys;
      })
      .finally(() => {
        pending = undefined;
      }));
  const age = () => Date.now() - fetchedAt;
  return async (kid) => {
    const current = keys === undefined || age() >= options.maxAgeMs ? await refetch() : keys;
    // An unknown kid may be a key rotated in since the last fetch.
    if (current.has(kid) || age() < options.cooldownMs) return current.get(kid);
    return (await refetch()).get(kid);
  };
};

/**
 * Finds token verification keys by kid: in a JWK Set held in memory, or in the set at a URL, cached for maxAgeMs
 * and refetched when a token names an unknown kid. Written by hand on node:crypto (it reads the JWKs) because the
 * mechanism is a fetch, a Map and two timestamps; jsonwebtoken itself only verifies with a key it is given.
 */
export const createPublicKeyLookup = (
  source: { jwksUrl: string } | { jwks: JwkSet },
  options: Partial<RemoteJwksOptions> = {},
): PublicKeyLookup => {
  if ('jwksUrl' in source) return remoteLookup(new URL(source.jwksUrl), { ...REMOTE_DEFAULTS, ...options });
  const keys = keysByKid(source.jwks);
  return async (kid) => keys.get(kid);
};
