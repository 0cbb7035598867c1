import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGRESS_SELECTOR, ISTIO_NAMESPACE, NAMESPACE } from './deploy-contract.js';
import { GENERATED_DIRS, MANIFESTS_DIR, renderManifestFiles } from './manifest-files.js';
import { GENERATED_HEADER } from './manifest-yaml.js';
import { modelOf } from './manifest-models.js';
import { readManifests, type ManifestObject } from './read-manifests.js';

const rendered = renderManifestFiles();
const manifests = readManifests(MANIFESTS_DIR);

// Policies select by selector.matchLabels, an EnvoyFilter by workloadSelector.labels.
const selectsIngressGateway = (doc: ManifestObject): boolean =>
  Object.entries(INGRESS_SELECTOR).every(
    ([label, value]) => (doc.spec?.selector?.matchLabels ?? doc.spec?.workloadSelector?.labels)?.[label] === value,
  );

// A workload selector only reaches pods of the policy's own namespace, so what targets the ingress gateway
// lives in istio-system. Everything else the application runs is in its namespace; the hand-written platform
// files may also put an addon (e.g. Jaeger) next to Istio.
const allowedNamespaces = (doc: ManifestObject): string[] => {
  if (selectsIngressGateway(doc)) return [ISTIO_NAMESPACE];
  if (doc.file.startsWith(`${MANIFESTS_DIR}/platform/`)) return [NAMESPACE, ISTIO_NAMESPACE];
  return [NAMESPACE];
};

describe('generated manifests', () => {
  it.each([...rendered.keys()])('%s is what the generator renders (run make manifests)', (path) => {
    expect(existsSync(path), `${path} is missing: run make manifests`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${path} drifted from the generator: run make manifests`).toBe(rendered.get(path));
    expect(rendered.get(path)!.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
  });

  it('leaves no file behind that the generator no longer renders (run make manifests)', () => {
    const onDisk = GENERATED_DIRS.flatMap((dir) =>
      readdirSync(dir)
        .filter((n) => n.endsWith('.yaml'))
        .map((n) => join(dir, n)),
    );
    expect(onDisk.sort()).toEqual([...rendered.keys()].sort());
  });
});

describe('every manifest under infrastructure/manifests', () => {
  it('holds documents at all', () => {
    expect(manifests.length).toBeGreaterThan(0);
  });

  it.each(manifests.map((doc) => [`${doc.file}: ${doc.kind}/${doc.metadata?.name}`, doc] as const))(
    '%s validates against its Kubernetes or Istio schema',
    (_, doc) => {
      const model = modelOf(doc.apiVersion, doc.kind);
      expect(model, `no model for apiVersion ${doc.apiVersion} kind ${doc.kind}`).toBeDefined();
      const { file: _file, ...object } = doc;
      expect(() => new model!(object).validate()).not.toThrow();
    },
  );

  it.each(manifests.map((doc) => [`${doc.file}: ${doc.kind}/${doc.metadata?.name}`, doc] as const))(
    '%s has a name and its namespace',
    (_, doc) => {
      expect(doc.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(allowedNamespaces(doc)).toContain(doc.metadata?.namespace);
    },
  );

  it('names every object uniquely (Terraform keys each one by kind/namespace/name)', () => {
    const keys = manifests.map((doc) => `${doc.kind}/${doc.metadata?.namespace}/${doc.metadata?.name}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });
});
