import {
  applyEnvOverrides,
  EVENT_STREAM_ROUTES,
  loadConfig,
  loadRouteTable,
  matchRoute,
  SERVICE_NAMES,
  type ServiceName,
} from '@micro-ecommerce/pkg/config';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { existsSync, readFileSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { cartConfigSchema } from '../../service.cart/src/config.js';
import { customerConfigSchema } from '../../service.customer/src/config.js';
import { orderConfigSchema } from '../../service.order/src/config.js';
import { paymentConfigSchema } from '../../service.payment/src/config.js';
import { productConfigSchema } from '../../service.product/src/config.js';
import {
  CONFIG_MAP,
  GRPC_PORT,
  HTTP_PORT,
  INGRESS_PRINCIPAL,
  ISTIO_NAMESPACE,
  JWT_SECRET,
  METRICS_PATH,
  NAMESPACE,
  POSTGRES_SECRET,
  servicePrincipal,
  SMTP_SECRET,
  STAFF_SECRET,
} from './deploy-contract.js';
import { generatedMethods, scanGrpcCalls, scanGrpcClients } from './grpc-client-scan.js';
import { EVENT_STREAM_SUBSET } from './istio-routing.js';
import { MANIFESTS_DIR } from './manifest-files.js';
import { isAllowed, policiesFor, type MeshRequest } from './policy-decision.js';
import { readManifests, type ManifestObject } from './read-manifests.js';
import { SERVICE_PROFILES } from './service-profiles.js';

const STAGE_FILE = 'config/k8s.yaml';
const manifests = readManifests(MANIFESTS_DIR);
const routes = loadRouteTable('config/routes.yaml');
const k8sStage = parseYaml(readFileSync(STAGE_FILE, 'utf8')) as Record<string, any>;

const find = (kind: string, name: string, namespace = NAMESPACE): ManifestObject | undefined =>
  manifests.find((doc) => doc.kind === kind && doc.metadata.name === name && doc.metadata.namespace === namespace);
const deploymentOf = (service: string): ManifestObject => {
  const deployment = find('Deployment', service);
  if (deployment === undefined) throw new Error(`no Deployment ${service}`);
  return deployment;
};
const podSpecOf = (service: string) => deploymentOf(service).spec.template.spec;
const mainContainerOf = (service: string) => podSpecOf(service).containers.find((c: any) => c.name === service);

// A destination host is the Service's short name or any longer form of its in-cluster DNS name.
const serviceOfHost = (host: string): string | undefined => {
  const [name, namespace] = host.split('.');
  return namespace === undefined || namespace === NAMESPACE ? name : undefined;
};

describe('public routes (config/routes.yaml) in the cluster', () => {
  const ingressRoutes = manifests.filter((doc) => doc.kind === 'VirtualService' && (doc.spec?.gateways ?? []).length > 0);
  // Istio takes the first http route (of the first VirtualService) with a matching uri; a regex must match the
  // whole path (RE2 full match).
  const uriMatches = (uri: any, path: string) =>
    uri === undefined
      ? true
      : uri.exact !== undefined
        ? uri.exact === path
        : uri.regex !== undefined
          ? new RegExp(`^(?:${uri.regex})$`).test(path)
          : path.startsWith(uri.prefix);
  const httpRouteOf = (path: string) => {
    for (const vs of ingressRoutes) {
      for (const http of vs.spec.http ?? []) {
        if ((http.match ?? [{}]).some(({ uri }: any) => uriMatches(uri, path))) return http;
      }
    }
    return undefined;
  };
  const destinationOf = (path: string) => httpRouteOf(path)?.route?.[0]?.destination;

  it.each(routes.map((route) => [route.prefix, route] as const))(
    '%s reaches the same service as the local gateway, on its http port',
    (_, route) => {
      expect(ingressRoutes.length).toBeGreaterThan(0);
      for (const path of [route.prefix, `${route.prefix}/x`, `${route.prefix}x`]) {
        const destination = destinationOf(path);
        const expected = matchRoute(routes, path)?.service;
        expect(destination === undefined ? undefined : serviceOfHost(destination.host), path).toBe(expected);
        if (expected !== undefined) expect(destination.port?.number, path).toBe(HTTP_PORT);
      }
      const service = find('Service', route.service);
      expect(service?.spec.ports).toContainEqual(expect.objectContaining({ name: 'http', port: HTTP_PORT }));
      expect(find('Deployment', route.service)).toBeDefined();
    },
  );

  it.each(EVENT_STREAM_ROUTES.map((stream) => [stream.example, stream] as const))(
    '%s (Server-Sent Events) reaches its service with no route timeout, inside a public route of that service',
    (path, stream) => {
      const http = httpRouteOf(path);
      expect(serviceOfHost(http?.route?.[0]?.destination.host)).toBe(stream.service);
      // Istio's default: no request timeout (an explicit "0s" is refused by the CRD).
      expect(http).toBeDefined();
      expect(http.timeout).toBeUndefined();
      expect(matchRoute(routes, path)?.service).toBe(stream.service);
      // Only the stream: the rest of the service's paths keep the bounded timeout.
      for (const other of [path.replace(/\/events$/, ''), `${path}/more`, path.replace(/\/events$/, '/eventsx')]) {
        expect(httpRouteOf(other)?.timeout, other).toMatch(/^\d+(\.\d+)?s$/);
      }
    },
  );

  it.each(EVENT_STREAM_ROUTES.map((stream) => [stream.example, stream] as const))(
    '%s (Server-Sent Events) goes over a connection pool of its own, apart from the ordinary requests to its service',
    (path, stream) => {
      expect(destinationOf(path)?.subset).toBe(EVENT_STREAM_SUBSET);
      const rule = find('DestinationRule', stream.service);
      const subset = rule?.spec.subsets?.find((s: { name: string }) => s.name === EVENT_STREAM_SUBSET);
      // Its own bounds (an Envoy cluster of its own), on the service's pods.
      expect(subset?.trafficPolicy?.connectionPool?.tcp?.maxConnections).toBeGreaterThan(0);
      expect(subset?.labels).toEqual({ app: stream.service });
      expect(find('Deployment', stream.service)?.spec.template.metadata.labels).toMatchObject(subset?.labels);
      // The service's other paths keep its main pool.
      expect(destinationOf(path.replace(/\/events$/, ''))?.subset).toBeUndefined();
    },
  );

  const ingressPolicies = policiesFor(manifests, ISTIO_NAMESPACE, { istio: 'ingressgateway' }, ISTIO_NAMESPACE);
  const ingressAllows = (path: string, withToken: boolean) =>
    isAllowed(ingressPolicies, {
      path,
      port: 80,
      method: 'GET',
      ...(withToken ? { requestPrincipal: 'micro-ecommerce/some-customer' } : {}),
    });

  it.each(routes.map((route) => [route.prefix, route] as const))(
    '%s needs a token at the ingress exactly when its auth is required',
    (_, route) => {
      for (const path of [route.prefix, `${route.prefix}/x`]) {
        expect(ingressAllows(path, false), `${path} without a token`).toBe(matchRoute(routes, path)!.auth !== 'required');
        expect(ingressAllows(path, true), `${path} with a token`).toBe(true);
      }
    },
  );

  it('reaches no service /metrics from outside: no public route covers it, and no one may call it through the mesh', () => {
    for (const path of [METRICS_PATH, `${METRICS_PATH}/x`]) {
      expect(matchRoute(routes, path), path).toBeUndefined();
      expect(destinationOf(path), path).toBeUndefined();
    }
    for (const service of SERVICE_NAMES) {
      const policies = policiesFor(manifests, NAMESPACE, { app: service }, ISTIO_NAMESPACE);
      for (const principal of [INGRESS_PRINCIPAL, ...SERVICE_NAMES.map(servicePrincipal)]) {
        const request = { path: METRICS_PATH, port: HTTP_PORT, method: 'GET', principal };
        expect(isAllowed(policies, request), `${principal} → ${service}`).toBe(false);
      }
    }
  });

  it('verifies tokens at the ingress against config/k8s.yaml auth and the JWKS Service', () => {
    const requestAuth = manifests.filter((doc) => doc.kind === 'RequestAuthentication' && doc.metadata.namespace === ISTIO_NAMESPACE);
    expect(requestAuth).toHaveLength(1);
    const [rule] = requestAuth[0]!.spec.jwtRules;
    expect(rule.issuer).toBe(k8sStage.auth.issuer);
    expect(rule.audiences).toEqual([k8sStage.auth.audience]);
    const configured = new URL(k8sStage.auth.jwks_url);
    const used = new URL(rule.jwksUri);
    expect(used.hostname).toBe(`${configured.hostname}.${NAMESPACE}.svc.cluster.local`);
    expect([used.port, used.pathname]).toEqual([configured.port, configured.pathname]);
    expect(rule.forwardOriginalToken).toBe(true);
  });
});

const clients = scanGrpcClients();
const calls = scanGrpcCalls();
const methods = await generatedMethods();
const methodPaths = new Map([...methods].map(([service, byName]) => [service, [...byName.values()].sort()]));
const pathOfCall = (call: { client: string; method: string }) => methods.get(call.client)?.get(call.method);

describe('service-to-service gRPC', () => {
  const everyone: (string | undefined)[] = [
    ...SERVICE_NAMES.map(servicePrincipal),
    INGRESS_PRINCIPAL,
    'cluster.local/ns/default/sa/default',
    undefined,
  ];
  // The services whose code calls the method at `path` (client.call('<method>', ...)).
  const callersOf = (path: string) => new Set(calls.filter((c) => pathOfCall(c) === path).map((c) => servicePrincipal(c.caller)));
  const allowedOn = (service: string, request: Omit<MeshRequest, 'principal'>) =>
    new Set(
      everyone.filter((principal) =>
        isAllowed(policiesFor(manifests, NAMESPACE, { app: service }, ISTIO_NAMESPACE), { ...request, principal }),
      ),
    );

  it('finds the clients and the methods called on them in the code', () => {
    expect(clients.map((c) => `${c.caller}→${c.client}@${c.target}`)).toContain('order→StockService@product');
    expect(calls.map((c) => `${c.caller}→${c.client}.${c.method}`)).toEqual(
      expect.arrayContaining(['order→StockService.tryReserve', 'order→StockService.confirmReserve', 'order→StockService.cancelReserve']),
    );
  });

  it.each(calls.map((c) => [`${c.caller} → ${c.client}.${c.method}`, c] as const))('%s names a generated method', (_, call) => {
    expect(pathOfCall(call), `${call.file}: no method ${call.method} on ${call.client}Client`).toBeDefined();
  });

  it.each(calls.map((c) => [`${c.caller} → ${c.client}.${c.method}`, c] as const))(
    "%s is made on a client the service builds for the method's service",
    (_, call) => {
      expect(clients.filter((c) => c.caller === call.caller).map((c) => c.client)).toContain(call.client);
    },
  );

  it.each(clients.map((c) => [`${c.caller} → ${c.client} on ${c.target}`, c] as const))(
    '%s: each method allowed to exactly the services whose code calls it',
    (_, client) => {
      const paths = methodPaths.get(client.client);
      expect(paths, `no generated ${client.client}Client`).toBeDefined();
      for (const path of paths!) {
        expect(allowedOn(client.target, { path, port: GRPC_PORT, method: 'POST' }), path).toEqual(callersOf(path));
      }
    },
  );

  it('allows no one a gRPC method no code calls, on any service', () => {
    const called = new Set(calls.map(pathOfCall));
    const uncalled = [...methodPaths.values()].flat().filter((p) => !called.has(p));
    // TryReserve is called, GetCustomer-like methods of CustomerService are not: the check has both kinds.
    expect(uncalled.length).toBeGreaterThan(0);
    for (const path of uncalled) {
      for (const service of SERVICE_NAMES)
        expect(allowedOn(service, { path, port: GRPC_PORT, method: 'POST' }), `${path} on ${service}`).toEqual(new Set());
    }
  });

  it('lets every workload fetch the JWKS over http (each service verifies tokens)', () => {
    const jwks = new URL(k8sStage.auth.jwks_url);
    const allowed = allowedOn(jwks.hostname, { path: jwks.pathname, port: Number(jwks.port), method: 'GET' });
    for (const service of SERVICE_NAMES) expect(allowed).toContain(servicePrincipal(service));
  });
});

const SCHEMAS: Record<ServiceName, z.ZodType> = {
  customer: customerConfigSchema,
  product: productConfigSchema,
  cart: cartConfigSchema,
  order: orderConfigSchema,
  payment: paymentConfigSchema,
};

// What Terraform puts in each Secret, as plausible stand-ins. customer-smtp holds no key by default (no smtp_*
// variable set): its references are optional.
const SECRET_STAND_INS: Record<string, string> = {
  'postgres-credentials/password': 'stand-in-superuser-password',
  ...Object.fromEntries(
    SERVICE_NAMES.flatMap((s) => SERVICE_PROFILES[s].database ?? []).map((role) => [
      `postgres-${role}/password`,
      `stand-in-password-${role}`,
    ]),
  ),
  ...Object.fromEntries(
    SERVICE_NAMES.filter((s) => SERVICE_PROFILES[s].redis).map((s) => [`redis-${s}/url`, `redis://${s}:stand-in-password@redis:6379/0`]),
  ),
  'customer-admins/admins': JSON.stringify([{ email: 'admin@example.com', password: 'stand-in-password' }]),
  'customer-staff/staff': JSON.stringify([{ email: 'staff@example.com', password: 'stand-in-password' }]),
};

// A container's environment as the kubelet builds it: a missing key of an optional reference sets no variable.
const envOf = (container: any, secrets: Record<string, string> = SECRET_STAND_INS): Record<string, string> =>
  Object.fromEntries(
    (container.env ?? []).flatMap((e: any) => {
      if (e.value !== undefined) return [[e.name, e.value]];
      const ref = `${e.valueFrom?.secretKeyRef?.name}/${e.valueFrom?.secretKeyRef?.key}`;
      if (ref in secrets) return [[e.name, secrets[ref]]];
      if (e.valueFrom?.secretKeyRef?.optional === true) return [];
      throw new Error(`${container.name}: env ${e.name} comes from ${ref}, which no Secret provides`);
    }),
  );

// The variables a container cannot start without: references that are not optional.
const secretEnvNames = (container: any): string[] =>
  (container.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef && e.valueFrom.secretKeyRef.optional !== true).map((e: any) => e.name);
const databaseOf = (service: string) =>
  readFileSync(`service.${service}/src/main.ts`, 'utf8').match(/createPool\(config\.postgres, '(\w+)'/)?.[1];
const valueAt = (tree: Record<string, any>, key: string) => key.split('.').reduce<any>((node, segment) => node?.[segment], tree);

describe.each(SERVICE_NAMES)('the %s Deployment', (service) => {
  const pod = podSpecOf(service);
  const containers: any[] = [...(pod.initContainers ?? []), ...pod.containers];
  const volumeOf = (mount: any) => pod.volumes.find((v: any) => v.name === mount.name);
  const database = databaseOf(service);
  // Keys config/k8s.yaml leaves empty on purpose: the Deployment must set them from a Secret.
  const secretKeys = [
    ...(database === undefined ? [] : ['postgres.password']),
    ...(service === 'customer' ? ['services.customer.admins', 'services.customer.staff'] : []),
  ];

  it.each(containers.map((c) => [c.name, c] as const))(
    'container %s loads a valid configuration from the mounted config/k8s.yaml',
    (_, container) => {
      const stageMount = container.volumeMounts.find((m: any) => m.mountPath === posix.join(container.workingDir, envOf(container).STAGE!));
      expect(stageMount, 'STAGE points at no mount').toBeDefined();
      expect([volumeOf(stageMount)?.configMap?.name, stageMount.subPath]).toEqual([CONFIG_MAP.name, CONFIG_MAP.key]);
      const env = { ...envOf(container), STAGE: STAGE_FILE };
      expect(() => loadConfig(SCHEMAS[service], { env })).not.toThrow();
      const { doc } = applyEnvOverrides(k8sStage, env);
      for (const key of secretKeys) {
        expect(valueAt(k8sStage, key), `${key} must stay empty in ${STAGE_FILE}`).toSatisfy(
          (v: unknown) => v === '' || (Array.isArray(v) && v.length === 0),
        );
        expect(JSON.stringify(valueAt(doc, key)), `${key} is not set from a Secret`).toContain('stand-in-password');
      }
      // Keys config/k8s.yaml gives a credential-less value for that a Secret replaces: redis.url with the ACL user.
      const replacedKeys = SERVICE_PROFILES[service].redis ? ['redis.url'] : [];
      for (const key of replacedKeys)
        expect(JSON.stringify(valueAt(doc, key)), `${key} is not set from a Secret`).toContain('stand-in-password');
      expect(secretEnvNames(container)).toHaveLength(secretKeys.length + replacedKeys.length);
    },
  );

  it.each(containers.map((c) => [c.name, c] as const))(
    'container %s connects to PostgreSQL as its own role, owning its database, and never gets the superuser password',
    (_, container) => {
      const { config } = loadConfig(SCHEMAS[service], { env: { ...envOf(container), STAGE: STAGE_FILE } });
      const postgres = (config as { postgres: { user: string; password: string } }).postgres;
      if (database !== undefined) {
        expect(postgres.user).toBe(database);
        expect(postgres.password).toBe(`stand-in-password-${database}`);
      }
      const refs = (container.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name).filter(Boolean);
      expect(refs).not.toContain(POSTGRES_SECRET.name);
      expect(JSON.stringify(container.env ?? [])).not.toContain('superuser');
    },
  );

  it('migrates its own database first, with the same environment and config, exactly when it uses PostgreSQL', () => {
    const migrate = (pod.initContainers ?? []).find((c: any) => c.name === 'migrate');
    if (database === undefined) return expect(migrate).toBeUndefined();
    expect(existsSync(`migrations/${database}`)).toBe(true);
    expect(migrate.command.at(-1)).toBe(database);
    expect(migrate.image).toBe(mainContainerOf(service).image);
    expect(migrate.env).toEqual(mainContainerOf(service).env);
  });

  it('listens on the ports config/k8s.yaml gives it, and its Service exposes them by protocol name', () => {
    const ports = mainContainerOf(service).ports.map((p: any) => [p.name, p.containerPort]);
    expect(ports).toEqual([
      ['http', k8sStage.services[service].http.port],
      ['grpc', k8sStage.services[service].grpc.port],
    ]);
    const servicePorts = find('Service', service)!.spec.ports.map((p: any) => [p.name, p.targetPort]);
    expect(servicePorts).toEqual([
      ['http', 'http'],
      ['grpc', 'grpc'],
    ]);
  });

  it('asks Prometheus to scrape the /metrics the service serves on its http port', async () => {
    expect(deploymentOf(service).spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(k8sStage.services[service].http.port),
      'prometheus.io/path': METRICS_PATH,
    });
    const app = createHttpApp({ logger: pino({ level: 'silent' }), metrics: { scrape: async () => '# metrics\n' } });
    const res = await app.request(METRICS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    // The metrics a service serves are set up in its composition root, which the image runs.
    expect(readFileSync(`service.${service}/src/main.ts`, 'utf8')).toContain(`initMetrics({ serviceName: '${service}' })`);
  });

  it('probes paths the service answers, on its http port', async () => {
    const app = createHttpApp({ logger: pino({ level: 'silent' }) });
    const container = mainContainerOf(service);
    const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe].filter(Boolean);
    expect(probes.map((p: any) => p.httpGet.path)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    for (const probe of probes) {
      expect(probe.httpGet.port).toBe('http');
      expect((await app.request(probe.httpGet.path)).status, probe.httpGet.path).toBe(200);
    }
  });
});

describe('the customer accounts and mail in the cluster', () => {
  const containers: any[] = [...(podSpecOf('customer').initContainers ?? []), ...podSpecOf('customer').containers];
  const envVar = (container: any, name: string) => container.env.find((e: any) => e.name === name);
  const SMTP_ENV = 'CONFIG__SERVICES__CUSTOMER__MAIL__SMTP__';

  it.each(containers.map((c) => [c.name, c] as const))(
    'container %s gets the staff accounts from the customer-staff Secret',
    (_, container) => {
      expect(envVar(container, 'CONFIG__SERVICES__CUSTOMER__STAFF')).toEqual({
        name: 'CONFIG__SERVICES__CUSTOMER__STAFF',
        valueFrom: { secretKeyRef: { name: STAFF_SECRET.name, key: STAFF_SECRET.key } },
      });
      expect(k8sStage.services.customer.staff, 'staff accounts stay out of config/k8s.yaml').toEqual([]);
      const { config } = loadConfig(customerConfigSchema, { env: { ...envOf(container), STAGE: STAGE_FILE } });
      expect(config.services.customer.staff).toEqual([{ email: 'staff@example.com', password: 'stand-in-password' }]);
    },
  );

  it.each(containers.map((c) => [c.name, c] as const))(
    'container %s reads every SMTP setting from the customer-smtp Secret, each optional, none as a plain value',
    (_, container) => {
      const smtpEnv = container.env.filter((e: any) => e.name.startsWith(SMTP_ENV));
      expect(smtpEnv.map((e: any) => e.name)).toEqual(SMTP_SECRET.keys.map((key) => `${SMTP_ENV}${key.toUpperCase()}`));
      for (const e of smtpEnv) {
        expect(e.valueFrom.secretKeyRef).toEqual({
          name: SMTP_SECRET.name,
          key: e.name.slice(SMTP_ENV.length).toLowerCase(),
          optional: true,
        });
      }
      // The credentials never sit in the ConfigMap.
      expect(k8sStage.services.customer.mail.smtp).toMatchObject({ user: '', password: '' });
    },
  );

  it('writes the e-mails as .eml files into an emptyDir while no SMTP host is given (the root filesystem is read-only)', () => {
    const container = mainContainerOf('customer');
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const { config } = loadConfig(customerConfigSchema, { env: { ...envOf(container), STAGE: STAGE_FILE } });
    expect(config.services.customer.mail.smtp.host).toBe('');
    const dir = posix.resolve(container.workingDir, config.services.customer.mail.dir);
    const mount = container.volumeMounts
      .filter((m: any) => dir === m.mountPath || dir.startsWith(`${m.mountPath}/`))
      .sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
    expect(mount, `no volume mounted at or above ${dir}`).toBeDefined();
    expect(mount.readOnly).not.toBe(true);
    expect(podSpecOf('customer').volumes.find((v: any) => v.name === mount.name)?.emptyDir).toBeDefined();
  });

  it('sends through the SMTP relay the Secret names, once Terraform has written its keys', () => {
    const secrets = {
      ...SECRET_STAND_INS,
      'customer-smtp/host': 'smtp.example.com',
      'customer-smtp/port': '465',
      'customer-smtp/secure': 'true',
      'customer-smtp/user': 'mailer',
      'customer-smtp/password': 'stand-in-smtp-password',
    };
    const { config } = loadConfig(customerConfigSchema, { env: { ...envOf(mainContainerOf('customer'), secrets), STAGE: STAGE_FILE } });
    expect(config.services.customer.mail.smtp).toEqual({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      user: 'mailer',
      password: 'stand-in-smtp-password',
    });
    // A host alone keeps config/k8s.yaml's port and TLS mode.
    const hostOnly = loadConfig(customerConfigSchema, {
      env: { ...envOf(mainContainerOf('customer'), { ...SECRET_STAND_INS, 'customer-smtp/host': 'relay.local' }), STAGE: STAGE_FILE },
    });
    expect(hostOnly.config.services.customer.mail.smtp).toEqual({ ...k8sStage.services.customer.mail.smtp, host: 'relay.local' });
  });
});

it('finds the JWT key pair of config/k8s.yaml in the jwt-keys Secret mounted into customer', () => {
  const jwt = k8sStage.services.customer.jwt;
  const volumes = podSpecOf('customer').volumes;
  for (const path of [jwt.private_key_path, jwt.public_key_path]) {
    const mount = mainContainerOf('customer').volumeMounts.find((m: any) => path.startsWith(`${m.mountPath}/`));
    expect(mount, path).toBeDefined();
    expect(volumes.find((v: any) => v.name === mount.name)?.secret?.secretName).toBe(JWT_SECRET.name);
    expect(JWT_SECRET.keys).toContain(basename(path));
  }
});
