import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors/index.js';
import { JWT_ALGORITHM } from './key-pair.js';
import { ROLES, type Principal, type Role } from './principal.js';

export interface TokenVerifierOptions {
  /** Where the public keys come from: the customer service's JWKS URL, or a key set in memory. */
  keys: { jwksUrl: string } | { jwks: JSONWebKeySet };
  issuer: string;
  audience: string;
}

const unauthenticated = (message: string, reason: string) => new AppError('UNAUTHENTICATED', message, { reason });

const keySource = (keys: TokenVerifierOptions['keys']): JWTVerifyGetKey =>
  // The remote set is cached and refetched (rate-limited) when a token names an unknown kid: key rotation works.
  'jwksUrl' in keys
    ? createRemoteJWKSet(new URL(keys.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 })
    : createLocalJWKSet(keys.jwks);

/** Verifies a bearer token (signature, alg, iss, aud, exp) and returns its principal, or throws UNAUTHENTICATED. */
export const createTokenVerifier = (options: TokenVerifierOptions) => {
  const getKey = keySource(options.keys);
  return async (token: string): Promise<Principal> => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, getKey, { algorithms: [JWT_ALGORITHM], issuer: options.issuer, audience: options.audience }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('access token expired', 'TOKEN_EXPIRED');
      if (error instanceof errors.JWTClaimValidationFailed)
        throw unauthenticated(`access token rejected: ${error.message}`, 'INVALID_TOKEN');
      if (error instanceof errors.JOSEError) throw unauthenticated('access token is invalid', 'INVALID_TOKEN');
      throw new AppError('UNAVAILABLE', 'cannot verify access tokens right now', { cause: error });
    }
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !ROLES.includes(role))
      throw unauthenticated('access token lacks subject or role', 'INVALID_TOKEN');
    return { customerId: payload.sub, role };
  };
};

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Extracts the token of an `Authorization: Bearer <token>` header, or throws UNAUTHENTICATED. */
export const bearerToken = (header: string | undefined | null): string => {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (match === null) throw unauthenticated('missing bearer token', 'MISSING_TOKEN');
  return match[1]!;
};
