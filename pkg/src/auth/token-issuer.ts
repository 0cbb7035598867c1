import { SignJWT } from 'jose';
import { JWT_ALGORITHM, type SigningKey } from './key-pair.js';
import type { Principal } from './principal.js';

export interface TokenIssuerOptions {
  key: SigningKey;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** Signs RS256 access tokens: sub = customer id, role, iss, aud, iat, exp, and the key id in the header. */
export const createTokenIssuer =
  (options: TokenIssuerOptions) =>
  async (principal: Principal): Promise<IssuedToken> => {
    const accessToken = await new SignJWT({ role: principal.role })
      .setProtectedHeader({ alg: JWT_ALGORITHM, kid: options.key.kid, typ: 'JWT' })
      .setSubject(principal.customerId)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(`${options.ttlSeconds}s`)
      .sign(options.key.privateKey);
    return { accessToken, expiresIn: options.ttlSeconds };
  };

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
