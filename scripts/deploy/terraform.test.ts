// Static checks of the Terraform in infrastructure/: there is no cluster here, so these prove what can be
// proven offline — the files parse, the providers and charts are pinned, every file they read exists, the
// contract's Secrets exist, the topics Job creates exactly the local topics, and `terraform fmt` is clean.
import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { postgresRoleSecret } from './deploy-contract.js';
import { SERVICE_PROFILES } from './service-profiles.js';

const INFRA = 'infrastructure';
const tfFiles = readdirSync(INFRA).filter((name) => name.endsWith('.tf'));
const tfText = (name: string): string => readFileSync(join(INFRA, name), 'utf8');

type Blocks = Record<string, Record<string, any[]>>;
const parsed: Record<string, any> = {};
const all = (section: string): Blocks =>
  Object.values(parsed).reduce((merged: Blocks, doc) => {
    for (const [type, byName] of Object.entries((doc[section] ?? {}) as Blocks)) merged[type] = { ...merged[type], ...byName };
    return merged;
  }, {});

// "${var.x}" -> the default of variable x (so a chart version kept in a variable is checked too).
const resolveVariable = (value: string): unknown => {
  const match = /^\$\{var\.(\w+)\}$/.exec(value);
  if (match === null) return value;
  return Object.values(parsed).find((doc) => doc.variable?.[match[1]!])?.variable[match[1]!][0].default;
};

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

beforeAll(async () => {
  for (const name of tfFiles) parsed[name] = await parse(name, tfText(name));
});

describe('infrastructure/*.tf', () => {
  it('has the files of every concern', () => {
    for (const name of ['versions', 'variables', 'namespace', 'secrets', 'config', 'istio', 'observability', 'manifests', 'outputs']) {
      expect(tfFiles).toContain(`${name}.tf`);
    }
  });

  it('requires exactly the kubernetes and helm providers, each with a pinned version', () => {
    const required = Object.values(parsed).flatMap((doc) => (doc.terraform ?? []).flatMap((t: any) => t.required_providers ?? []));
    const providers = Object.assign({}, ...required) as Record<string, { source: string; version: string }>;
    expect(Object.keys(providers).sort()).toEqual(['helm', 'kubernetes']);
    expect(providers.kubernetes?.source).toBe('hashicorp/kubernetes');
    expect(providers.helm?.source).toBe('hashicorp/helm');
    for (const { version } of Object.values(providers)) expect(version).toMatch(/^(~> )?\d+\.\d+(\.\d+)?$/);
  });

  it('pins the chart version of every helm release', () => {
    const releases = Object.entries(all('resource').helm_release ?? {});
    expect(releases.length).toBeGreaterThanOrEqual(5);
    for (const [name, [release]] of releases) {
      expect(resolveVariable(String(release.version)), `helm_release.${name}`).toMatch(EXACT_VERSION);
    }
  });

  it('releases the ingress gateway under the name the contract gives its pods and ServiceAccount', () => {
    const gateway = Object.values(all('resource').helm_release ?? {})
      .map(([release]) => release)
      .find((r) => r.chart === 'gateway');
    expect(gateway).toMatchObject({ name: 'istio-ingressgateway', namespace: 'istio-system' });
  });

  it('does not wait for the ingress gateway LoadBalancer, which gets an address only from a tunnel', () => {
    const gateway = Object.values(all('resource').helm_release ?? {})
      .map(([release]) => release)
      .find((r) => r.chart === 'gateway');
    expect(gateway.wait).toBe(false);
  });

  it('treats the pod-template labels and annotations the API server and kubectl add as computed, on every manifest', () => {
    // A Job's controller-uid/job-name labels and `kubectl rollout restart`'s restartedAt annotation.
    const manifests = all('resource').kubernetes_manifest ?? {};
    expect(Object.keys(manifests).sort()).toEqual(['all', 'ingress_auth']);
    const locals = Object.assign({}, ...Object.values(parsed).flatMap((doc) => doc.locals ?? []));
    expect(locals.computed_fields).toEqual(
      expect.arrayContaining([
        'metadata.labels',
        'metadata.annotations',
        'spec.template.metadata.labels',
        'spec.template.metadata.annotations',
      ]),
    );
    for (const [name, [manifest]] of Object.entries(manifests)) expect(manifest.computed_fields, name).toBe('${local.computed_fields}');
  });

  it('reads only files that exist', () => {
    // Literal paths only: the JWT key paths are variables whose files `make dev` generates.
    const calls = tfFiles.flatMap((name) => [...tfText(name).matchAll(/\b(file|fileset)\("([^"]*)"/g)]);
    expect(calls.length).toBeGreaterThan(0);
    for (const [call, fn, rawPath] of calls) {
      const path = rawPath!.replace('${path.module}', INFRA);
      if (path.includes('${')) continue; // built from a fileset() result, checked through the fileset itself
      expect(existsSync(resolve(path)), `${call} -> ${path}`).toBe(true);
      if (fn === 'fileset') expect(readdirSync(path).length, `${path} is empty`).toBeGreaterThan(0);
    }
  });

  it('creates every Secret of the deploy contract with its keys, from variables', () => {
    const secrets = Object.values(all('resource').kubernetes_secret_v1 ?? {}).map(([secret]) => secret);
    const byName = Object.fromEntries(secrets.map((s) => [s.metadata[0].name, s.data]));
    expect(Object.keys(byName).sort()).toEqual([
      'customer-admins',
      'customer-smtp',
      'customer-staff',
      'jwt-keys',
      'postgres-${each.key}',
      'postgres-credentials',
      'redis-${each.key}',
      'redis-users',
    ]);
    // One per service role, each key a name the Deployments read (deploy-contract postgresRoleSecret).
    const [roles] = all('resource').kubernetes_secret_v1!.postgres_role!;
    const databases = SERVICE_NAMES.flatMap((s) => SERVICE_PROFILES[s].database ?? []);
    expect(roles.for_each).toBe(`\${toset(${JSON.stringify(databases).replace(/,/g, ', ')})}`);
    for (const role of databases) expect(postgresRoleSecret(role)).toEqual({ name: `postgres-${role}`, key: 'password' });
    expect(Object.keys(byName['postgres-${each.key}'])).toEqual(['password']);
    expect(Object.keys(byName['postgres-credentials'])).toEqual(['password']);
    expect(Object.keys(byName['jwt-keys']).sort()).toEqual(['jwt-private.pem', 'jwt-public.pem']);
    expect(Object.keys(byName['customer-admins'])).toEqual(['admins']);
    expect(Object.keys(byName['customer-staff'])).toEqual(['staff']);
    // Keys only for the settings given: mail.tf (terraform-console.test.ts evaluates it).
    const { 'customer-smtp': smtp, ...fixed } = byName;
    expect(smtp).toBe('${local.customer_smtp}');
    for (const value of Object.values(fixed).flatMap((data) => Object.values(data as object)))
      expect(value).toMatch(/\b(var|local|each)\./);
  });

  it('makes the Deployments wait for every Secret they read', () => {
    const [manifests] = all('resource').kubernetes_manifest!.all!;
    for (const name of Object.keys(all('resource').kubernetes_secret_v1 ?? {}))
      expect(manifests.depends_on, name).toContain(`\${kubernetes_secret_v1.${name}}`);
  });

  it('marks the secret variables sensitive', () => {
    const variables: Record<string, { sensitive?: boolean }[]> = Object.assign(
      {},
      ...Object.values(parsed).map((doc) => doc.variable ?? {}),
    );
    for (const name of ['postgres_password', 'admin_accounts', 'staff_accounts', 'smtp_user', 'smtp_password'])
      expect(variables[name]?.[0]?.sensitive, name).toBe(true);
  });

  it('creates the config map from config/k8s.yaml under the key the Deployments mount', () => {
    const [configMap] = Object.values(all('resource').kubernetes_config_map_v1 ?? {}).map(([c]) => c);
    expect(configMap.metadata[0].name).toBe('micro-ecommerce-config');
    expect(configMap.data['k8s.yaml']).toContain('../config/k8s.yaml');
  });

  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it.skipIf(terraform.status !== 0)('is formatted (terraform fmt -check; skipped without terraform on PATH)', () => {
    const fmt = spawnSync('terraform', ['fmt', '-check', '-recursive', INFRA], { encoding: 'utf8' });
    expect(fmt.stdout, 'files terraform fmt would rewrite').toBe('');
    expect(fmt.status).toBe(0);
  });
});

describe('the RocketMQ topics Job', () => {
  // "name value" lines without comments or alignment, as both lists are written.
  const topicLines = (text: string): string[] =>
    text
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim().split(/\s+/).join(' '))
      .filter((line) => line !== '');

  it('creates exactly the topics of scripts/rocketmq/topics.txt and the consumer groups of groups.txt', () => {
    const docs = parseAllDocuments(readFileSync(join(INFRA, 'manifests/platform/rocketmq-topics.yaml'), 'utf8')).map((d) => d.toJS());
    const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'rocketmq-topics');
    const job = docs.find((d) => d.kind === 'Job');
    expect(topicLines(configMap.data.topics)).toEqual(topicLines(readFileSync('scripts/rocketmq/topics.txt', 'utf8')));
    expect(topicLines(configMap.data.groups)).toEqual(topicLines(readFileSync('scripts/rocketmq/groups.txt', 'utf8')));
    // Production gets none of what only tests use (test-topics.txt, test-groups.txt).
    const testOnly = [
      ...topicLines(readFileSync('scripts/rocketmq/test-topics.txt', 'utf8')),
      ...topicLines(readFileSync('scripts/rocketmq/test-groups.txt', 'utf8')),
    ];
    for (const line of testOnly)
      expect([...topicLines(configMap.data.topics), ...topicLines(configMap.data.groups)]).not.toContainEqual(line);
    expect(job.spec.template.spec.volumes).toContainEqual({ name: 'lists', configMap: { name: 'rocketmq-topics' } });
    const script = job.spec.template.spec.containers[0].command.join(' ');
    expect(script).toContain('+message.type=$type');
    expect(script).toContain('updateSubGroup');
  });
});
