// What Terraform itself makes of the manifests: `terraform console` evaluates infrastructure/modules/manifest-set
// (no providers needed), so the objects kubernetes_manifest receives are compared with the ones the other
// checks validate. Plus the pins that must agree across files: namespace, Kubernetes version.
import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACE } from './deploy-contract.js';
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
