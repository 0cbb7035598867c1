import { createTokenIssuer, createTokenVerifier, type Principal, type TokenVerifier } from '../auth/index.js';
import { throwawaySigningKey } from './throwaway-signing-key.js';

export interface TestTokens {
  /** Verifies tokens of this key pair, as a service verifies the customer service's JWKS. */
  verifyToken: TokenVerifier;
  /** A signed access token for `principal`, valid ttlSeconds (600 unless given). */
  issue(principal: Principal, ttlSeconds?: number): Promise<string>;
  /** An `Authorization` header value for a customer (or another role). */
  bearerFor(customerId: string, role?: Principal['role']): Promise<string>;
}

/** A throw-away RS256 key pair with an issuer and the verifier of its JWKS, for services' tests. */
export const testTokens = async (): Promise<TestTokens> => {
  const key = await throwawaySigningKey();
  const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
  const issue = async (principal: Principal, ttlSeconds = 600) =>
    (await createTokenIssuer({ key, ttlSeconds, ...claims })(principal)).accessToken;
  return {
    verifyToken: createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims }),
    issue,
    bearerFor: async (customerId, role = 'customer') => `Bearer ${await issue({ customerId, role })}`,
  };
};
