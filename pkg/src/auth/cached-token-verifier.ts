import type { VerifiedPrincipal } from './principal.js';
import type { TokenVerifier } from './token-verifier.js';

export interface TokenCacheOptions {
  /** Bound on remembered tokens; the oldest is forgotten first. */
  maxEntries: number;
  /** Longest a verified token is trusted without checking its signature again (key rotation reaches it). */
  maxAgeMs: number;
}

interface Entry {
  principal: VerifiedPrincipal;
  validUntil: number;
}

/**
 * Remembers tokens that verified, until their own expiry (at most maxAgeMs): the RS256 check was about a fifth
 * of the CPU of a cart read (see bench/), and a client sends the same token with every request. Failures are never cached.
 * A Map bounded in insertion order is enough here (entries expire on their own), so no cache library is pulled in.
 */
export const cachedTokenVerifier = (verify: TokenVerifier, options: TokenCacheOptions): TokenVerifier => {
  const entries = new Map<string, Entry>();
  return async (token) => {
    const now = Date.now();
    const hit = entries.get(token);
    if (hit !== undefined && hit.validUntil > now) return hit.principal;
    if (hit !== undefined) entries.delete(token);
    const principal = await verify(token);
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(token, { principal, validUntil: Math.min(principal.expiresAt, now + options.maxAgeMs) });
    return principal;
  };
};
