import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenIssuer, createTokenVerifier, loadOrCreateSigningKey } from '@micro-ecommerce/pkg/auth';

/** A throw-away key pair with an issuer and the verifier of its JWKS, as the customer service would publish. */
export const testTokens = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'payment-test-keys-'));
  const key = await loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
  const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
  const issue = createTokenIssuer({ key, ttlSeconds: 300, ...claims });
  return {
    verifyToken: createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims }),
    /** An `Authorization` header value for a customer. */
    bearerFor: async (customerId: string) => `Bearer ${(await issue({ customerId, role: 'customer' })).accessToken}`,
  };
};
