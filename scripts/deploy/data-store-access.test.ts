// The data store and broker policies against what the code uses and what the platform manifests run: a service
// that starts (or stops) using a store, a workload that changes its identity or ports, or a policy that lets one
// ServiceAccount too many in, fails here.
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { k8sStage } from './cross-check-support.js';
import { DATA_STORE_CLIENTS } from './data-store-access.js';
import {
  INGRESS_PRINCIPAL,
  ISTIO_NAMESPACE,
  NAMESPACE,
  POSTGRES_ROLES_CONFIG_MAP,
  POSTGRES_SECRET,
  postgresRoleSecret,
  servicePrincipal,
} from './deploy-contract.js';
import { MANIFESTS_DIR } from './manifest-files.js';
import { MONGODB, PLATFORM_WORKLOADS, POSTGRES, POSTGRES_ROLES, REDIS, ROCKETMQ_PROXY } from './platform-workloads.js';
import { isAllowed, policiesFor } from './policy-decision.js';
import { readManifests } from './read-manifests.js';
import { SERVICE_PROFILES } from './service-profiles.js';

const manifests = readManifests(MANIFESTS_DIR);

const codeOf = (service: string): string =>
  readdirSync(`service.${service}/src`, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');

describe.each(SERVICE_NAMES)('the %s profile', (service) => {
  const code = codeOf(service);
  const profile = SERVICE_PROFILES[service];

  it('names the stores its code connects to, and no other', () => {
    expect(profile.database).toBe(code.match(/createPool\(config\.postgres, '(\w+)'/)?.[1]);
    expect(profile.redis, 'createRedis(').toBe(/\bcreateRedis\(/.test(code));
    expect(profile.mongodb, 'createMongo(').toBe(/\bcreateMongo\(/.test(code));
    expect(profile.publishes, 'new EventProducer(').toBe(/\bnew EventProducer\(/.test(code));
    expect(profile.consumes, 'new EventConsumer(').toBe(/\bnew EventConsumer\(/.test(code));
  });
});

describe.each(PLATFORM_WORKLOADS.map((w) => [w.name, w] as const))('the platform workload %s', (name, workload) => {
  const inNamespace = (kind: string) =>
    manifests.filter((doc) => doc.kind === kind && doc.metadata.name === name && doc.metadata.namespace === NAMESPACE);
  const [pods] = ['StatefulSet', 'Deployment', 'Job'].map((kind) => inNamespace(kind)).filter((found) => found.length > 0);

  it('runs its pods under its own ServiceAccount, with the app label its policy selects', () => {
    expect(inNamespace('ServiceAccount')).toHaveLength(1);
    expect(pods, `no workload ${name}`).toHaveLength(1);
    const template = pods![0]!.spec.template;
    expect(template.spec.serviceAccountName).toBe(name);
    expect(template.metadata.labels.app).toBe(name);
  });

  it('serves through its Service the ports its policy names', () => {
    if (workload.ports.length === 0) return expect(inNamespace('Service')).toHaveLength(0);
    const [service] = inNamespace('Service');
    expect(service?.spec.selector).toEqual({ app: name });
    const served = service!.spec.ports.map((p: any) => p.port);
    expect(served).toEqual(expect.arrayContaining([...workload.ports]));
    // Opaque TCP or gRPC: Istio enforces principals and ports on both.
    for (const port of service!.spec.ports) expect(port.name).toMatch(/^(tcp|grpc)(-|$)/);
  });
});

describe('what the services connect to in config/k8s.yaml', () => {
  it('is the data stores and the broker the policies guard', () => {
    expect([k8sStage.postgres.host, k8sStage.postgres.port]).toEqual([POSTGRES.name, POSTGRES.ports[0]]);
    const redis = new URL(k8sStage.redis.url);
    expect([redis.hostname, Number(redis.port)]).toEqual([REDIS.name, REDIS.ports[0]]);
    const mongo = new URL(k8sStage.mongodb.url);
    expect([mongo.hostname, Number(mongo.port)]).toEqual([MONGODB.name, MONGODB.ports[0]]);
    expect(k8sStage.rocketmq.endpoints).toBe(`${ROCKETMQ_PROXY.name}:${ROCKETMQ_PROXY.ports[0]}`);
  });
});

describe('the data store and broker policies', () => {
  const identities = [...SERVICE_NAMES, ...PLATFORM_WORKLOADS.map((w) => w.name), 'default'];
  const everyone = [...identities.map(servicePrincipal), INGRESS_PRINCIPAL, 'cluster.local/ns/default/sa/default', undefined];

  it.each(DATA_STORE_CLIENTS.map(({ store, grants }) => [store.name, store, grants] as const))(
    '%s lets exactly its clients connect, on each of its ports (to the paths granted), and nobody on any other port',
    (_, store, grants) => {
      const policies = policiesFor(manifests, NAMESPACE, { app: store.name }, ISTIO_NAMESPACE);
      const allowedOn = (port: number, path = '') =>
        everyone.filter((principal) => isAllowed(policies, { path, method: 'POST', port, ...(principal ? { principal } : {}) }));
      const inOrder = (clients: readonly string[]) =>
        [...new Set(clients)].map(servicePrincipal).sort((a, b) => everyone.indexOf(a) - everyone.indexOf(b));
      const paths = [...new Set(grants.flatMap((g) => g.paths ?? ['']))];
      for (const port of store.ports)
        for (const path of paths) {
          const clients = grants.filter((g) => g.paths === undefined || g.paths.includes(path)).flatMap((g) => g.clients);
          expect(allowedOn(port, path), `${port} ${path}`).toEqual(inOrder(clients));
        }
      if (grants.some((g) => g.paths !== undefined))
        expect(allowedOn(store.ports[0]!, '/apache.rocketmq.v2.MessagingService/Other')).toEqual([]);
      const services = manifests.filter((doc) => doc.kind === 'Service' && doc.metadata.name === store.name);
      const otherPorts = services.flatMap((s) => s.spec.ports.map((p: any) => p.port)).filter((port) => !store.ports.includes(port));
      for (const port of [...otherPorts, 1]) for (const path of paths) expect(allowedOn(port, path), String(port)).toEqual([]);
    },
  );

  it('lets only the services that publish send messages through the proxy', () => {
    const policies = policiesFor(manifests, NAMESPACE, { app: ROCKETMQ_PROXY.name }, ISTIO_NAMESPACE);
    const send = (service: string) =>
      isAllowed(policies, {
        path: '/apache.rocketmq.v2.MessagingService/SendMessage',
        method: 'POST',
        port: ROCKETMQ_PROXY.ports[0]!,
        principal: servicePrincipal(service),
      });
    expect(SERVICE_NAMES.filter(send)).toEqual(['customer', 'product', 'order', 'payment']);
  });

  it('lets every service reach exactly the stores its profile names', () => {
    const reaches = (service: string) =>
      DATA_STORE_CLIENTS.filter(({ grants }) => grants.some((g) => g.clients.includes(service))).map(({ store }) => store.name);
    expect(Object.fromEntries(SERVICE_NAMES.map((s) => [s, reaches(s)]))).toEqual({
      customer: ['postgres', 'redis', 'rocketmq-proxy'],
      product: ['postgres', 'mongodb', 'rocketmq-proxy'],
      cart: ['redis', 'rocketmq-proxy'],
      order: ['postgres', 'redis', 'rocketmq-proxy'],
      payment: ['postgres', 'rocketmq-proxy'],
    });
  });
});

describe('the postgres-roles Job', () => {
  const job = manifests.find((doc) => doc.kind === 'Job' && doc.metadata.name === POSTGRES_ROLES.name)!;
  const [container] = job.spec.template.spec.containers;
  const databases = SERVICE_NAMES.flatMap((service) => SERVICE_PROFILES[service].database ?? []);

  it("creates exactly the services' roles, each with the password its Deployment reads", () => {
    const script: string = container.command.join(' ');
    expect(script.match(/for role in ([\w ]+); do/)?.[1]?.split(' ')).toEqual(databases);
    const passwords = container.env.filter((e: any) => e.name.startsWith('PASSWORD_'));
    expect(passwords.map((e: any) => [e.name, e.valueFrom.secretKeyRef])).toEqual(
      databases.map((role) => [`PASSWORD_${role.toUpperCase()}`, postgresRoleSecret(role)]),
    );
    for (const service of SERVICE_NAMES) {
      const role = SERVICE_PROFILES[service].database;
      if (role === undefined) continue;
      const deployment = manifests.find((doc) => doc.kind === 'Deployment' && doc.metadata.name === service)!;
      expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
        name: 'CONFIG__POSTGRES__PASSWORD',
        valueFrom: { secretKeyRef: postgresRoleSecret(role) },
      });
    }
  });

  it('runs service-role.sql from the ConfigMap Terraform makes of it, as the superuser', () => {
    expect(job.spec.template.spec.volumes).toContainEqual({ name: 'sql', configMap: { name: POSTGRES_ROLES_CONFIG_MAP.name } });
    expect(container.command.join(' ')).toContain(`-f /etc/postgres-roles/${POSTGRES_ROLES_CONFIG_MAP.key}`);
    expect(container.env).toContainEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: POSTGRES_SECRET } });
    expect(readFileSync('infrastructure/config.tf', 'utf8')).toContain(
      `"${POSTGRES_ROLES_CONFIG_MAP.key}" = file("\${path.module}/postgres/service-role.sql")`,
    );
  });
});
