import type { Metadata } from '@grpc/grpc-js';
import type { Principal } from './principal.js';
import { bearerToken, type TokenVerifier } from './token-verifier.js';

/** Verifies the `authorization: Bearer` metadata of a gRPC call (forwarded end-user token). */
export const principalFromMetadata = (verify: TokenVerifier, metadata: Metadata): Promise<Principal> => {
  const value = metadata.get('authorization')[0];
  return verify(bearerToken(typeof value === 'string' ? value : undefined));
};

/** Metadata that forwards an end-user token on an outgoing gRPC call. */
export const bearerMetadata = (metadata: Metadata, token: string): Metadata => {
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};
