import { createHash, type JsonWebKey } from 'node:crypto';

/** The RFC 7638 thumbprint of an RSA public JWK: SHA-256 over the canonical JSON of its required members, base64url. */
export const rsaJwkThumbprint = (jwk: JsonWebKey): string => {
  if (jwk.kty !== 'RSA' || typeof jwk.e !== 'string' || typeof jwk.n !== 'string') throw new TypeError('not an RSA public JWK');
  // RFC 7638 §3.2: only the required members, in lexicographic order, with no whitespace.
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
};
