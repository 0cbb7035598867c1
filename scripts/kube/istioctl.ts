// istioctl (built by scripts/kube/tools.sh) as the deploy checks use it: the objects an Istio install creates,
// sidecar injection as the webhook would do it, and the analyzers against a live API server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from './kube-client.js';
import { KUBE_BIN_DIR } from './local-cluster.js';

const ISTIOCTL = join(KUBE_BIN_DIR, 'istioctl');

const istioctl = (args: string[], input?: string): { status: number; stdout: string; stderr: string } => {
  const run = spawnSync(ISTIOCTL, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`${ISTIOCTL}: ${run.error.message} (make test builds it: bash scripts/kube/tools.sh install)`);
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
};

const mustRun = (args: string[], input?: string): string => {
  const run = istioctl(args, input);
  if (run.status !== 0) throw new Error(`istioctl ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return run.stdout;
};

const parseObjects = (text: string): KubeObject[] =>
  parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object === 'object' && 'kind' in object);

/** istiod's helm values, as infrastructure/istio/istiod-values.yaml holds them. */
export interface IstiodValues {
  meshConfig?: Record<string, unknown>;
  pilot?: Record<string, unknown>;
}

/** What `istioctl install` (default profile: CRDs, istiod, an ingress gateway) creates with these values. */
export const istioInstallObjects = (values: IstiodValues): KubeObject[] => {
  const dir = mkdtempSync(join(tmpdir(), 'micro-ecommerce-istio-'));
  try {
    const operator = join(dir, 'operator.yaml');
    writeFileSync(
      operator,
      stringify({
        apiVersion: 'install.istio.io/v1alpha1',
        kind: 'IstioOperator',
        spec: { profile: 'default', meshConfig: values.meshConfig, values: { pilot: values.pilot } },
      }),
    );
    return parseObjects(mustRun(['manifest', 'generate', '-f', operator]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const configMapData = (install: readonly KubeObject[], name: string): Record<string, string> => {
  const configMap = install.find((object) => object.kind === 'ConfigMap' && object.metadata.name === name);
  if (configMap === undefined) throw new Error(`the Istio install has no ConfigMap ${name}`);
  return configMap.data as Record<string, string>;
};

export interface SidecarInjector {
  /** The workload with the sidecar injected, as the injection webhook would return it. */
  inject(workload: KubeObject): KubeObject;
  dispose(): void;
}

/**
 * Sidecar injection with the injector template, its values and the mesh config of an install. They are passed
 * as files: istioctl reading the same ConfigMaps from the API server renders the template's numbers and
 * booleans as strings at the pinned commit, and the injected Pod then fails to decode.
 */
export const sidecarInjector = (install: readonly KubeObject[], kubeconfig: string): SidecarInjector => {
  const dir = mkdtempSync(join(tmpdir(), 'micro-ecommerce-inject-'));
  const injector = configMapData(install, 'istio-sidecar-injector');
  const files = { injectConfigFile: injector.config, valuesFile: injector.values, meshConfigFile: configMapData(install, 'istio').mesh };
  const args = ['kube-inject', '--kubeconfig', kubeconfig, '-f', '-'];
  for (const [flag, content] of Object.entries(files)) {
    if (content === undefined) throw new Error(`the Istio install lacks the content of --${flag}`);
    writeFileSync(join(dir, flag), content);
    args.push(`--${flag}`, join(dir, flag));
  }
  return {
    inject: (workload) => {
      const [injected] = parseObjects(mustRun(args, stringify(workload)));
      if (injected === undefined) throw new Error(`istioctl kube-inject returned nothing for ${workload.kind}/${workload.metadata.name}`);
      return injected;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
};

export interface AnalyzerMessage {
  code: string;
  level: string;
  message: string;
  origin: string;
}

/**
 * Every analyzer over every namespace of the live cluster. `suppress` entries are istioctl's `CODE=Kind name.ns`
 * patterns; each caller says why one applies.
 */
export const analyzeCluster = (kubeconfig: string, suppress: readonly string[] = []): AnalyzerMessage[] => {
  const args = ['analyze', '--all-namespaces', '--kubeconfig', kubeconfig, '--output', 'json', '--failure-threshold', 'Error'];
  for (const pattern of suppress) args.push('--suppress', pattern);
  const run = istioctl(args);
  // Exit 0: nothing at or above the threshold; 79 (analyzer found errors) still prints the messages.
  if (run.status !== 0 && run.status !== 79) throw new Error(`istioctl analyze exited ${run.status}:\n${run.stderr}`);
  const messages = JSON.parse(run.stdout.trim() || '[]') as Array<Record<string, string>>;
  return messages.map((m) => ({ code: m.code!, level: m.level!, message: m.message!, origin: m.origin! }));
};
