import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenIssuer, createTokenVerifier, loadOrCreateSigningKey, type TokenVerifier } from '@micro-ecommerce/pkg/auth';

/** A throw-away key pair, a verifier over its JWKS, and admin/customer bearer headers signed with it. */
export const testTokens = async (): Promise<{
  verifyToken: TokenVerifier;
  admin: Record<string, string>;
  customer: Record<string, string>;
}> => {
  const dir = mkdtempSync(join(tmpdir(), 'product-keys-'));
  const key = await loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
  const claims = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
  const issue = createTokenIssuer({ key, ttlSeconds: 600, ...claims });
  const bearer = async (role: 'admin' | 'customer') => ({
    authorization: `Bearer ${(await issue({ customerId: `${role}-${crypto.randomUUID()}`, role })).accessToken}`,
  });
  return {
    verifyToken: createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...claims }),
    admin: await bearer('admin'),
    customer: await bearer('customer'),
  };
};
