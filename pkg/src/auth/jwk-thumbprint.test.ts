import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsaJwkThumbprint } from './jwk-thumbprint.js';

// RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint.
const RFC_7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

describe('rsaJwkThumbprint', () => {
  it('computes the RFC 7638 example thumbprint, ignoring the optional members', () => {
    expect(rsaJwkThumbprint(RFC_7638_KEY)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('differs between keys', () => {
    const jwkOf = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    expect(rsaJwkThumbprint(jwkOf())).not.toBe(rsaJwkThumbprint(jwkOf()));
  });

  it('refuses a JWK that is not an RSA public key', () => {
    expect(() => rsaJwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' })).toThrow(TypeError);
  });
});
