// What Terraform itself makes of the manifests: `terraform console` evaluates infrastructure/modules/manifest-set
// (no providers needed), so the objects kubernetes_manifest receives are compared with the ones the other
// checks validate. Plus the pins that must agree across files: namespace, Kubernetes version.
import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { customerConfigSchema } from '../../service.customer/src/config.js';
import { NAMESPACE, SMTP_SECRET } from './deploy-contract.js';
import { MANIFESTS_DIR } from './manifest-files.js';
import { readManifests } from './read-manifests.js';

const LAST_FILE = 'istio/ingress-auth.yaml';
const TAG = 'v7-test';
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

const keyOf = (object: any): string => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
const withTag = (object: any): any => JSON.parse(JSON.stringify(object).replace(/"(micro-ecommerce\/[a-z]+):dev"/g, `"$1:${TAG}"`));

describe.skipIf(!hasTerraform)('terraform console over modules/manifest-set (skipped without terraform on PATH)', () => {
  let dir: string;
  let sets: { workloads: Record<string, unknown>; last: Record<string, unknown> };

  beforeAll(() => {
    // A copy, so that `terraform init` leaves nothing in the repository.
    dir = mkdtempSync(join(tmpdir(), 'manifest-set-'));
    cpSync('infrastructure/modules/manifest-set', dir, { recursive: true });
    const init = spawnSync('terraform', [`-chdir=${dir}`, 'init', '-input=false', '-backend=false'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    const console = spawnSync(
      'terraform',
      [`-chdir=${dir}`, 'console', `-var=directory=${resolve(MANIFESTS_DIR)}`, `-var=last_file=${LAST_FILE}`, `-var=image_tag=${TAG}`],
      { encoding: 'utf8', input: 'jsonencode(local.sets)\n' },
    );
    expect(console.status, console.stderr).toBe(0);
    sets = JSON.parse(JSON.parse(console.stdout.trim()));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies exactly the validated objects, with var.image_tag in every service image', () => {
    const expected = Object.fromEntries(readManifests(MANIFESTS_DIR).map(({ file: _file, ...object }) => [keyOf(object), withTag(object)]));
    expect({ ...sets.workloads, ...sets.last }).toEqual(expected);
    expect(JSON.stringify(sets)).toContain(`:${TAG}"`);
    expect(JSON.stringify(sets)).not.toMatch(/micro-ecommerce\/[a-z]+:dev"/);
  });

  it('keeps the ingress token checks for last, and only them', () => {
    const lastFile = readManifests(`${MANIFESTS_DIR}/${LAST_FILE.split('/')[0]}`).filter((object) => object.file.endsWith(LAST_FILE));
    expect(Object.keys(sets.last).sort()).toEqual(lastFile.map(keyOf).sort());
    expect(Object.keys(sets.last).sort()).toEqual([
      'AuthorizationPolicy/istio-system/require-token',
      'RequestAuthentication/istio-system/ingress-jwt',
    ]);
  });
});

describe.skipIf(!hasTerraform)('terraform console over infrastructure/mail.tf (skipped without terraform on PATH)', () => {
  let dir: string;

  beforeAll(() => {
    // variables.tf and mail.tf alone: no provider, so `terraform init` needs no registry.
    dir = mkdtempSync(join(tmpdir(), 'mail-tf-'));
    for (const file of ['variables.tf', 'mail.tf']) cpSync(`infrastructure/${file}`, join(dir, file));
    const init = spawnSync('terraform', [`-chdir=${dir}`, 'init', '-input=false', '-backend=false'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The data of the Secret customer-smtp for these -var settings. */
  const smtpSecretData = (vars: Record<string, string>): Record<string, string> => {
    const required = { postgres_password: 'x', admin_accounts: '[]' };
    const args = Object.entries({ ...required, ...vars }).map(([name, value]) => `-var=${name}=${value}`);
    const console = spawnSync('terraform', [`-chdir=${dir}`, 'console', ...args], {
      encoding: 'utf8',
      input: 'nonsensitive(jsonencode(local.customer_smtp))\n',
    });
    expect(console.status, console.stderr).toBe(0);
    return JSON.parse(JSON.parse(console.stdout.trim()));
  };

  /** services.customer.mail.smtp as the customer container loads it with that Secret (other Secrets left out). */
  const smtpConfigWith = (data: Record<string, string>) => {
    const deployment = readManifests(MANIFESTS_DIR).find((o) => o.kind === 'Deployment' && o.metadata.name === 'customer')!;
    const container = deployment.spec.template.spec.containers.find((c: any) => c.name === 'customer');
    const env: Record<string, string> = { STAGE: 'config/k8s.yaml' };
    for (const e of container.env) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.name === SMTP_SECRET.name && ref.key in data) env[e.name] = data[ref.key]!;
    }
    return loadConfig(customerConfigSchema, { env }).config.services.customer.mail.smtp;
  };

  it('writes no key while no smtp_* variable is set: the customer pod keeps config/k8s.yaml (no host: .eml files)', () => {
    const data = smtpSecretData({});
    expect(data).toEqual({});
    expect(smtpConfigWith(data)).toEqual({ host: '', port: 587, secure: false, user: '', password: '' });
  });

  it('writes every setting that is given, and the customer pod reads them back with their types', () => {
    const data = smtpSecretData({
      smtp_host: 'smtp.example.com',
      smtp_port: '465',
      smtp_secure: 'true',
      smtp_user: 'mailer',
      smtp_password: 'not-a-real-password',
    });
    expect(Object.keys(data).sort()).toEqual([...SMTP_SECRET.keys].sort());
    expect(smtpConfigWith(data)).toEqual({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      user: 'mailer',
      password: 'not-a-real-password',
    });
  });

  it('leaves out what is not given: a host alone keeps the port and TLS mode of config/k8s.yaml', () => {
    const data = smtpSecretData({ smtp_host: 'relay.local', smtp_secure: 'false' });
    expect(data).toEqual({ host: 'relay.local', secure: 'false' });
    expect(smtpConfigWith(data)).toEqual({ host: 'relay.local', port: 587, secure: false, user: '', password: '' });
  });
});

describe('pins that several files share', () => {
  it('Terraform creates the namespace the generated manifests name', async () => {
    const namespaceTf = await parse('namespace.tf', readFileSync('infrastructure/namespace.tf', 'utf8'));
    expect(namespaceTf.locals[0].namespace).toBe(NAMESPACE);
  });

  it('make minikube-start runs the Kubernetes version the check API server is built from', () => {
    const makefileVersion = /^K8S_VERSION := (v[\d.]+)$/m.exec(readFileSync('Makefile', 'utf8'))?.[1];
    const goModVersion = /^\s*k8s\.io\/kubernetes (v[\d.]+)/m.exec(readFileSync('scripts/kube/apiserver/go.mod', 'utf8'))?.[1];
    expect(makefileVersion).toMatch(/^v1\.\d+\.\d+$/);
    expect(goModVersion).toBe(makefileVersion);
  });

  it('builds every k8s.io staging module at the published version of the same release', () => {
    const goMod = readFileSync('scripts/kube/apiserver/go.mod', 'utf8');
    const release = /^\s*k8s\.io\/kubernetes v1\.(\d+\.\d+)/m.exec(goMod)![1];
    const replaced = [...goMod.matchAll(/^\s*(k8s\.io\/[\w-]+) => (k8s\.io\/[\w-]+) (v[\d.]+)$/gm)];
    expect(replaced.length).toBeGreaterThan(20);
    for (const [, from, to, version] of replaced) expect(`${to} ${version}`).toBe(`${from} v0.${release}`);
  });
});
