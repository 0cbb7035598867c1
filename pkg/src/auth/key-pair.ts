import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { rsaJwkThumbprint } from './jwk-thumbprint.js';

export const JWT_ALGORITHM = 'RS256';

/** A public key as published in the JWKS: the RSA members plus kid, alg and use. */
export interface PublicJwk extends JsonWebKey {
  kid: string;
  alg: typeof JWT_ALGORITHM;
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as a JWK with kid/alg/use, ready for a JWKS document. */
  publicJwk: PublicJwk;
}

const rsaKey = (key: KeyObject, what: string): KeyObject => {
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`${what} must be an RSA key for ${JWT_ALGORITHM}`);
  return key;
};

const toSigningKey = (privatePem: string, publicPem: string): SigningKey => {
  const privateKey = rsaKey(createPrivateKey(privatePem), 'the private key');
  const publicJwk = rsaKey(createPublicKey(publicPem), 'the public key').export({ format: 'jwk' });
  // The kid is the key's RFC 7638 thumbprint, so it changes exactly when the key does.
  const kid = rsaJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: JWT_ALGORITHM, use: 'sig' } };
};

/** Loads the RS256 key pair from PEM files (PKCS#8 private, SPKI public). */
export const loadSigningKey = async (privateKeyPath: string, publicKeyPath: string): Promise<SigningKey> =>
  toSigningKey(readFileSync(privateKeyPath, 'utf8'), readFileSync(publicKeyPath, 'utf8'));

/**
 * Loads the key pair, generating it first when both files are absent (local development: the files live under
 * .run/ and are never committed). Non-local stages mount the files from a Secret.
 */
export const loadOrCreateSigningKey = async (privateKeyPath: string, publicKeyPath: string): Promise<SigningKey> => {
  if (!existsSync(privateKeyPath) && !existsSync(publicKeyPath)) {
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    mkdirSync(dirname(privateKeyPath), { recursive: true });
    mkdirSync(dirname(publicKeyPath), { recursive: true });
    writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return loadSigningKey(privateKeyPath, publicKeyPath);
};
