import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../kube/kube-client.js';
import { SERVICE_PROFILES } from './service-profiles.js';
import {
  ADMINS_SECRET,
  CONFIG_MAP,
  ISTIO_NAMESPACE,
  JWT_SECRET,
  NAMESPACE,
  POSTGRES_ROLES_CONFIG_MAP,
  POSTGRES_SECRET,
  postgresRoleSecret,
  REDIS_USERS_SECRET,
  redisUserSecret,
  SMTP_SECRET,
  STAFF_SECRET,
} from './deploy-contract.js';

const secret = (name: string, keys: readonly string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NAMESPACE },
  stringData: Object.fromEntries(keys.map((key) => [key, 'placeholder'])),
});

/**
 * What Terraform creates outside infrastructure/manifests (namespace.tf, secrets.tf, config.tf (both ConfigMaps); the helm
 * releases make istio-system), with placeholder secret values, plus the `default` ServiceAccounts a
 * cluster's controller manager would add to each namespace. The check cluster needs them for the
 * manifests to be judged as on minikube: Pods name these Secrets, and a namespace must exist to create in it.
 */
export const terraformObjects = (): KubeObject[] => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ISTIO_NAMESPACE } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { 'istio-injection': 'enabled' } } },
  ...[ISTIO_NAMESPACE, NAMESPACE].map((namespace): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace },
  })),
  secret(POSTGRES_SECRET.name, [POSTGRES_SECRET.key]),
  secret(REDIS_USERS_SECRET.name, [REDIS_USERS_SECRET.key]),
  ...SERVICE_NAMES.filter((service) => SERVICE_PROFILES[service].redis).map((service) =>
    secret(redisUserSecret(service).name, [redisUserSecret(service).key]),
  ),
  ...SERVICE_NAMES.flatMap((service) => {
    const role = SERVICE_PROFILES[service].database;
    return role === undefined ? [] : [secret(postgresRoleSecret(role).name, [postgresRoleSecret(role).key])];
  }),
  secret(ADMINS_SECRET.name, [ADMINS_SECRET.key]),
  secret(STAFF_SECRET.name, [STAFF_SECRET.key]),
  // As Terraform creates it by default: no SMTP variable set, so no key (the .eml file sender).
  secret(SMTP_SECRET.name, []),
  secret(JWT_SECRET.name, JWT_SECRET.keys),
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG_MAP.name, namespace: NAMESPACE },
    data: { [CONFIG_MAP.key]: readFileSync('config/k8s.yaml', 'utf8') },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: POSTGRES_ROLES_CONFIG_MAP.name, namespace: NAMESPACE },
    data: { [POSTGRES_ROLES_CONFIG_MAP.key]: readFileSync('infrastructure/postgres/service-role.sql', 'utf8') },
  },
];
