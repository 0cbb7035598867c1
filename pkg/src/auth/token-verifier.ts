import jwt from 'jsonwebtoken';
import { AppError } from '../errors/index.js';
import { JWT_ALGORITHM } from './key-pair.js';
import { ROLES, type Role, type VerifiedPrincipal } from './principal.js';
import { createPublicKeyLookup, type JwkSet } from './public-key-lookup.js';

export interface TokenVerifierOptions {
  /** Where the public keys come from: the customer service's JWKS URL, or a key set in memory. */
  keys: { jwksUrl: string } | { jwks: JwkSet };
  issuer: string;
  audience: string;
}

const unauthenticated = (message: string, reason: string) => new AppError('UNAUTHENTICATED', message, { reason });
const invalidToken = () => unauthenticated('access token is invalid', 'INVALID_TOKEN');
const unavailable = (cause: unknown) => new AppError('UNAVAILABLE', 'cannot verify access tokens right now', { cause });

// jsonwebtoken tells failed claim checks apart by message only; clients keep the wording they saw before it.
const claimFailure = (error: jwt.JsonWebTokenError): string | undefined => {
  if (error instanceof jwt.NotBeforeError) return '"nbf" claim timestamp check failed';
  if (error.message.startsWith('jwt audience invalid')) return 'unexpected "aud" claim value';
  if (error.message.startsWith('jwt issuer invalid')) return 'unexpected "iss" claim value';
  return undefined;
};

/** Verifies a bearer token (signature, alg, iss, aud, exp) and returns its principal, or throws UNAUTHENTICATED. */
export const createTokenVerifier = (options: TokenVerifierOptions) => {
  const publicKey = createPublicKeyLookup(options.keys);
  const verifyOptions = { algorithms: [JWT_ALGORITHM], issuer: options.issuer, audience: options.audience } satisfies jwt.VerifyOptions;
  return async (token: string): Promise<VerifiedPrincipal> => {
    const header = jwt.decode(token, { complete: true })?.header;
    // Before any key lookup: a token of another alg (none, HS256, ...) or without a kid never causes a JWKS fetch.
    if (header?.alg !== JWT_ALGORITHM || typeof header.kid !== 'string') throw invalidToken();
    let key;
    try {
      key = await publicKey(header.kid);
    } catch (error) {
      throw unavailable(error);
    }
    if (key === undefined) throw invalidToken();
    let payload;
    try {
      payload = jwt.verify(token, key, verifyOptions);
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw unauthenticated('access token expired', 'TOKEN_EXPIRED');
      if (!(error instanceof jwt.JsonWebTokenError)) throw unavailable(error);
      const claim = claimFailure(error);
      throw claim === undefined ? invalidToken() : unauthenticated(`access token rejected: ${claim}`, 'INVALID_TOKEN');
    }
    if (typeof payload === 'string') throw invalidToken();
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !ROLES.includes(role))
      throw unauthenticated('access token lacks subject or role', 'INVALID_TOKEN');
    // jsonwebtoken only checks exp when present: a token without one would never end what it holds open.
    if (typeof payload.exp !== 'number') throw unauthenticated('access token lacks an expiry', 'INVALID_TOKEN');
    const version = payload.ver;
    if (version !== undefined && !Number.isSafeInteger(version))
      throw unauthenticated('access token has a malformed version', 'INVALID_TOKEN');
    const principal = { customerId: payload.sub, role, expiresAt: payload.exp * 1000 };
    return version === undefined ? principal : { ...principal, tokenVersion: version as number };
  };
};

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Extracts the token of an `Authorization: Bearer <token>` header, or throws UNAUTHENTICATED. */
export const bearerToken = (header: string | undefined | null): string => {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (match === null) throw unauthenticated('missing bearer token', 'MISSING_TOKEN');
  return match[1]!;
};
