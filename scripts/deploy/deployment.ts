import { ENV_PREFIX, SERVICE_NODE_FLAGS, type ServiceName } from '@micro-ecommerce/pkg/config';
import { SHUTDOWN_TIMEOUT_MS } from '@micro-ecommerce/pkg/lifecycle';
import { Deployment } from 'kubernetes-models/apps/v1';
import type { IContainer, IEnvVar, IVolume, IVolumeMount } from 'kubernetes-models/v1';
import {
  ADMINS_SECRET,
  APP_DIR,
  CONFIG_MAP,
  GRPC_PORT,
  HTTP_PORT,
  imageOf,
  JWT_SECRET,
  METRICS_PATH,
  NAMESPACE,
  postgresRoleSecret,
  redisUserSecret,
  SMTP_SECRET,
  STAFF_SECRET,
  STAGE,
} from './deploy-contract.js';
import { SERVICE_PROFILES } from './service-profiles.js';

/** Labels of every object of a service; `app` and `version` are what Istio telemetry and Kiali group by. */
export const labelsOf = (service: ServiceName) => ({ app: service, version: 'v1' });

/**
 * Seconds the kubelet waits after a pod starts terminating before it sends SIGTERM (the preStop hook's native
 * sleep action, GA since Kubernetes 1.34: no shell or sleep binary needed in the image). Meanwhile the endpoint
 * controller takes the pod out of its Service and every sidecar and the ingress drop it from their endpoints, so
 * no new request is on its way when the drain starts.
 */
export const PRE_STOP_SLEEP_SECONDS = 5;

/**
 * The preStop pause, then pkg's onShutdown: /readyz 503 at once, DRAIN_DELAY_MS still serving, the drain, all
 * within SHUTDOWN_TIMEOUT_MS before it exits 1. The kubelet must not SIGKILL before that; 30 s leaves room.
 */
export const TERMINATION_GRACE_SECONDS = Math.max(30, PRE_STOP_SLEEP_SECONDS + Math.ceil(SHUTDOWN_TIMEOUT_MS / 1000) + 5);

// The node image's unprivileged `node` user. Set by number because the kubelet cannot check runAsNonRoot
// against a user name.
const NODE_UID = 1000;

/** The env var that overrides config key `path` (pkg/src/config applyEnvOverrides reads it back). */
const overrideOf = (...path: string[]): string => ENV_PREFIX + path.map((p) => p.toUpperCase()).join('__');

const secretEnv = (name: string, secret: { name: string; key: string }): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } },
});

const envOf = (service: ServiceName): IEnvVar[] => {
  const profile = SERVICE_PROFILES[service];
  const env: IEnvVar[] = [{ name: 'STAGE', value: STAGE }];
  // Its own role, which owns its database and nothing else: never the superuser (config/k8s.yaml's postgres.user).
  if (profile.database !== undefined) {
    env.push({ name: overrideOf('postgres', 'user'), value: profile.database });
    env.push(secretEnv(overrideOf('postgres', 'password'), postgresRoleSecret(profile.database)));
  }
  // Its own Redis ACL user, limited to its key prefixes: config/k8s.yaml's redis.url with user and password.
  if (profile.redis) env.push(secretEnv(overrideOf('redis', 'url'), redisUserSecret(service)));
  if (profile.issuesTokens) {
    env.push(secretEnv(overrideOf('services', service, 'admins'), ADMINS_SECRET));
    env.push(secretEnv(overrideOf('services', service, 'staff'), STAFF_SECRET));
  }
  // Optional: a key Terraform left out (its variable unset) sets no variable, so config/k8s.yaml's value stays.
  if (profile.sendsMail)
    for (const key of SMTP_SECRET.keys)
      env.push({
        name: overrideOf('services', service, 'mail', 'smtp', key),
        valueFrom: { secretKeyRef: { name: SMTP_SECRET.name, key, optional: true } },
      });
  return env;
};

const configMount: IVolumeMount = { name: 'config', mountPath: `${APP_DIR}/${STAGE}`, subPath: CONFIG_MAP.key, readOnly: true };

const volumesOf = (service: ServiceName): IVolume[] => {
  const volumes: IVolume[] = [
    { name: 'config', configMap: { name: CONFIG_MAP.name } },
    // The root filesystem is read-only; Node and its libraries may still want a scratch directory.
    { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
  ];
  // 0440 with the pod's fsGroup: readable by the service user only, the private key included.
  if (SERVICE_PROFILES[service].issuesTokens)
    volumes.push({ name: 'jwt-keys', secret: { secretName: JWT_SECRET.name, defaultMode: 0o440 } });
  return volumes;
};

const containerSecurity: IContainer['securityContext'] = {
  runAsNonRoot: true,
  runAsUser: NODE_UID,
  runAsGroup: NODE_UID,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

// Sized for a laptop minikube running five services, the data stores and Istio: small requests so that
// everything schedules, limits that leave room for a checkout burst.
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '384Mi' } };

const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path, port: 'http' },
  periodSeconds,
  failureThreshold,
  timeoutSeconds: 3,
});

// Prometheus' kubernetes-pods job scrapes what these name. Istio's metrics merging (on by default) rewrites them on
// the pod to the sidecar agent's port, which serves the app's /metrics together with Envoy's own, so the scrape
// needs no mTLS exception; the mesh keeps /metrics off every public route.
const prometheusAnnotations = {
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': String(HTTP_PORT),
  'prometheus.io/path': METRICS_PATH,
};

/** The runtime image runs node from /app; STAGE points at the mounted ConfigMap. */
const baseContainer = (service: ServiceName, name: string, command: string[], mounts: IVolumeMount[]): IContainer => ({
  name,
  image: imageOf(service),
  imagePullPolicy: 'IfNotPresent',
  workingDir: APP_DIR,
  command,
  env: envOf(service),
  volumeMounts: [configMount, { name: 'tmp', mountPath: '/tmp' }, ...mounts],
  resources,
  securityContext: containerSecurity,
});

const serviceContainer = (service: ServiceName): IContainer => {
  const mounts: IVolumeMount[] = SERVICE_PROFILES[service].issuesTokens
    ? [{ name: 'jwt-keys', mountPath: JWT_SECRET.mountPath, readOnly: true }]
    : [];
  return {
    ...baseContainer(service, service, ['node', ...SERVICE_NODE_FLAGS, `service.${service}/dist/main.js`], mounts),
    ports: [
      { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
      { name: 'grpc', containerPort: GRPC_PORT, protocol: 'TCP' },
    ],
    // Up to a minute to connect to the data stores and start listening before liveness takes over.
    startupProbe: probe('/healthz', 2, 30),
    livenessProbe: probe('/healthz', 10, 3),
    // /readyz answers 503 from the moment SIGTERM arrives (pkg onShutdown), while in-flight work finishes.
    readinessProbe: probe('/readyz', 5, 2),
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
  };
};

/** Applies the service's own database migrations before the service starts (idempotent, safe on every pod). */
const migrateContainer = (service: ServiceName, database: string): IContainer =>
  baseContainer(service, 'migrate', ['node', 'pkg/dist/postgres/migrate-main.js', database], []);

/** The service's Deployment; replicas are left to its HorizontalPodAutoscaler. */
export const deploymentOf = (service: ServiceName): Deployment => {
  const { database } = SERVICE_PROFILES[service];
  return new Deployment({
    metadata: { name: service, namespace: NAMESPACE, labels: labelsOf(service) },
    spec: {
      selector: { matchLabels: { app: service } },
      // A new pod is ready before an old one goes (the local `make rolling-restart` does the same).
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labelsOf(service),
          // The sidecar as a native sidecar (an init container that keeps running) starts before `migrate`, so
          // the migration reaches PostgreSQL through the mesh under STRICT mTLS.
          annotations: { 'sidecar.istio.io/nativeSidecar': 'true', ...prometheusAnnotations },
        },
        spec: {
          serviceAccountName: service,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          // Pod level only what cannot clash with the injected istio-init/istio-proxy containers, which set
          // their own users.
          securityContext: { fsGroup: NODE_UID, seccompProfile: { type: 'RuntimeDefault' } },
          ...(database === undefined ? {} : { initContainers: [migrateContainer(service, database)] }),
          containers: [serviceContainer(service)],
          volumes: volumesOf(service),
        },
      },
    },
  });
};
