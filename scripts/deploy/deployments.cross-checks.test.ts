// Each Deployment against the service it runs: config, Secrets, ports, probes, migrations, mail.
import { applyEnvOverrides, loadConfig, SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { existsSync, readFileSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { customerConfigSchema } from '../../service.customer/src/config.js';

import { CONFIG_MAP, JWT_SECRET, METRICS_PATH, POSTGRES_SECRET, SMTP_SECRET, STAFF_SECRET } from './deploy-contract.js';

import { SERVICE_PROFILES } from './service-profiles.js';
import {
  databaseOf,
  deploymentOf,
  envOf,
  find,
  k8sStage,
  mainContainerOf,
  podSpecOf,
  SCHEMAS,
  SECRET_STAND_INS,
  secretEnvNames,
  STAGE_FILE,
  valueAt,
} from './cross-check-support.js';

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
