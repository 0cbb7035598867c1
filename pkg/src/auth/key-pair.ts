import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type JWK } from 'jose';

export const JWT_ALGORITHM = 'RS256';

export interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importPKCS8>>;
  /** The public half as a JWK with kid/alg/use, ready for a JWKS document. */
  publicJwk: JWK;
}

const toSigningKey = async (privatePem: string, publicPem: string): Promise<SigningKey> => {
  const privateKey = await importPKCS8(privatePem, JWT_ALGORITHM);
  const publicJwk = await exportJWK(await importSPKI(publicPem, JWT_ALGORITHM, { extractable: true }));
  // The kid is the key's RFC 7638 thumbprint, so it changes exactly when the key does.
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: JWT_ALGORITHM, use: 'sig' } };
};

/** Loads the RS256 key pair from PEM files (PKCS#8 private, SPKI public). */
export const loadSigningKey = (privateKeyPath: string, publicKeyPath: string): Promise<SigningKey> =>
  toSigningKey(readFileSync(privateKeyPath, 'utf8'), readFileSync(publicKeyPath, 'utf8'));

/**
 * Loads the key pair, generating it first when both files are absent (local development: the files live under
 * .run/ and are never committed). Non-local stages mount the files from a Secret.
 */
export const loadOrCreateSigningKey = async (privateKeyPath: string, publicKeyPath: string): Promise<SigningKey> => {
  if (!existsSync(privateKeyPath) && !existsSync(publicKeyPath)) {
    const { privateKey, publicKey } = await generateKeyPair(JWT_ALGORITHM, { modulusLength: 2048, extractable: true });
    mkdirSync(dirname(privateKeyPath), { recursive: true });
    mkdirSync(dirname(publicKeyPath), { recursive: true });
    writeFileSync(privateKeyPath, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(publicKeyPath, await exportSPKI(publicKey));
  }
  return loadSigningKey(privateKeyPath, publicKeyPath);
};
