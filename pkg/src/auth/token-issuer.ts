import jwt from 'jsonwebtoken';
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

/** Signs RS256 access tokens: sub = customer id, role, ver (token version, when given), iss, aud, iat, exp, and the key id in the header. */
export const createTokenIssuer =
  (options: TokenIssuerOptions) =>
  async (principal: Principal): Promise<IssuedToken> => {
    // jsonwebtoken adds iat and typ: JWT itself; exp = iat + expiresIn.
    const claims = principal.tokenVersion === undefined ? { role: principal.role } : { role: principal.role, ver: principal.tokenVersion };
    const accessToken = jwt.sign(claims, options.key.privateKey, {
      algorithm: JWT_ALGORITHM,
      keyid: options.key.kid,
      subject: principal.customerId,
      issuer: options.issuer,
      audience: options.audience,
      expiresIn: options.ttlSeconds,
    });
    return { accessToken, expiresIn: options.ttlSeconds };
  };

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
