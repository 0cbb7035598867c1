import type { TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { testTokens as sharedTestTokens } from '@micro-ecommerce/pkg/testing';

/** A throw-away key pair's verifier, and admin/customer bearer headers signed with it. */
export const testTokens = async (): Promise<{
  verifyToken: TokenVerifier;
  admin: Record<string, string>;
  customer: Record<string, string>;
}> => {
  const tokens = await sharedTestTokens();
  const header = async (role: 'admin' | 'customer') => ({ authorization: await tokens.bearerFor(`${role}-${crypto.randomUUID()}`, role) });
  return { verifyToken: tokens.verifyToken, admin: await header('admin'), customer: await header('customer') };
};
