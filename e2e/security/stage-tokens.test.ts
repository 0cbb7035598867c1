import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { createTokenIssuer, createTokenVerifier, loadOrCreateSigningKey } from '@micro-ecommerce/pkg/auth';
import { authSchema, loadConfig } from '@micro-ecommerce/pkg/config';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// A token made where it is cheap (a developer's `make dev`, whose key sits in .run/keys/) must be worth nothing in
// the cluster. Before each stage had its own issuer and the cluster its own key pair, `make terraform` mounted the
// key `make dev` signs with and every stage shared one issuer: a local admin token was a cluster admin token.

const stageSchema = z.object({
  auth: authSchema,
  services: z.object({ customer: z.object({ jwt: z.object({ private_key_path: z.string() }).loose() }).loose() }),
});
const stage = (file: string) => loadConfig(stageSchema, { stage: file, env: {} }).config;
const local = stage('config/local.yaml');
const test = stage('config/test.yaml');
const k8s = stage('config/k8s.yaml');

// The file Terraform mounts as the cluster's private key (infrastructure/variables.tf, relative to infrastructure/).
const clusterKeyPath = (): string => {
  const variables = readFileSync('infrastructure/variables.tf', 'utf8');
  const block = /variable "jwt_private_key_path" \{[^}]*default\s*=\s*"([^"]+)"/.exec(variables);
  if (block === null) throw new Error('infrastructure/variables.tf has no default jwt_private_key_path');
  return normalize(join('infrastructure', block[1]!));
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const freshKey = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stage-key-'));
  dirs.push(dir);
  return loadOrCreateSigningKey(join(dir, 'private.pem'), join(dir, 'public.pem'));
};

describe('tokens of one stage in another', () => {
  it('every stage has an issuer of its own', () => {
    const issuers = [local.auth.issuer, test.auth.issuer, k8s.auth.issuer];
    expect(new Set(issuers).size).toBe(issuers.length);
  });

  it('the cluster signs with a key pair that no local stage uses, made by make terraform', () => {
    const cluster = clusterKeyPath();
    expect(cluster).not.toBe(normalize(local.services.customer.jwt.private_key_path));
    expect(cluster).not.toBe(normalize(test.services.customer.jwt.private_key_path));
    expect(readFileSync('Makefile', 'utf8')).toContain(`K8S_JWT_PRIVATE_KEY := ${cluster}`);
  });

  it('refuses in the cluster an admin token signed with the local stage’s key and issuer', async () => {
    const [localKey, clusterKey] = [await freshKey(), await freshKey()];
    const localAdmin = await createTokenIssuer({ key: localKey, ttlSeconds: 300, ...claimsOf(local) })({
      customerId: crypto.randomUUID(),
      role: 'admin',
    });
    const clusterVerifier = createTokenVerifier({ keys: { jwks: { keys: [clusterKey.publicJwk] } }, ...claimsOf(k8s) });
    await expect(clusterVerifier(localAdmin.accessToken)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
    // Even signed with the cluster's own key, the local issuer is not the cluster's.
    const sameKeyLocalIssuer = await createTokenIssuer({ key: clusterKey, ttlSeconds: 300, ...claimsOf(local) })({
      customerId: crypto.randomUUID(),
      role: 'admin',
    });
    await expect(clusterVerifier(sameKeyLocalIssuer.accessToken)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
  });
});

const claimsOf = (config: { auth: { issuer: string; audience: string } }) => ({
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});
