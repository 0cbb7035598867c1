import { loadOrCreateSigningKey, loadSigningKey, type SigningKey } from '@micro-ecommerce/pkg/auth';
import type { CustomerConfig } from '../../../config.js';

export type JwtConfig = CustomerConfig['services']['customer']['jwt'];

/**
 * The RS256 key pair that signs access tokens: generated on first use when `generate_if_missing` (local and
 * test stages, files under .run/), otherwise read from the mounted Secret, failing with the paths named.
 */
export const loadJwtKey = async (jwt: JwtConfig): Promise<SigningKey> => {
  try {
    return jwt.generate_if_missing
      ? await loadOrCreateSigningKey(jwt.private_key_path, jwt.public_key_path)
      : await loadSigningKey(jwt.private_key_path, jwt.public_key_path);
  } catch (error) {
    throw new Error(`cannot load the JWT key pair (${jwt.private_key_path}, ${jwt.public_key_path}): ${(error as Error).message}`, {
      cause: error,
    });
  }
};
