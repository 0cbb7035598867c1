import { throwawaySigningKey } from '../testing/throwaway-signing-key.js';
import { createTokenIssuer, createTokenVerifier } from './index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedTokenVerifier } from './cached-token-verifier.js';

const key = await throwawaySigningKey();
const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
const issue = (ttlSeconds: number, customerId = 'c-1') =>
  createTokenIssuer({ key, ttlSeconds, ...claims })({ customerId, role: 'customer' });
const realVerify = createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims });

const counting = () => {
  const verify = vi.fn(realVerify);
  return { verify, cached: cachedTokenVerifier(verify, { maxEntries: 2, maxAgeMs: 60_000 }) };
};

afterEach(() => vi.useRealTimers());

describe('cachedTokenVerifier', () => {
  it('checks a token once and answers the same principal afterwards', async () => {
    const { verify, cached } = counting();
    const { accessToken } = await issue(300);
    const principal = { customerId: 'c-1', role: 'customer', expiresAt: expect.any(Number) };
    expect(await cached(accessToken)).toEqual(principal);
    expect(await cached(accessToken)).toEqual(principal);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('never caches a failure', async () => {
    const { verify, cached } = counting();
    await expect(cached('not.a.jwt')).rejects.toMatchObject({ reason: 'INVALID_TOKEN' });
    await expect(cached('not.a.jwt')).rejects.toMatchObject({ reason: 'INVALID_TOKEN' });
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('stops trusting a token at its expiry', async () => {
    const { cached } = counting();
    const { accessToken } = await issue(2);
    await cached(accessToken);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_000);
    await expect(cached(accessToken)).rejects.toMatchObject({ reason: 'TOKEN_EXPIRED' });
  });

  it('forgets the oldest token beyond maxEntries', async () => {
    const { verify, cached } = counting();
    const tokens = await Promise.all(['a', 'b', 'c'].map(async (id) => (await issue(300, id)).accessToken));
    for (const token of tokens) await cached(token);
    await cached(tokens[0]!);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
