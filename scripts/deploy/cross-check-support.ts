// What the cross-checks of the rendered manifests share: the manifests, the route table, config/k8s.yaml and
// the lookups into them. The checks themselves are in *.cross-checks.test.ts beside this file.
import { loadRouteTable, SERVICE_NAMES, type ServiceName } from '@micro-ecommerce/pkg/config';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { cartConfigSchema } from '../../service.cart/src/config.js';
import { customerConfigSchema } from '../../service.customer/src/config.js';
import { orderConfigSchema } from '../../service.order/src/config.js';
import { paymentConfigSchema } from '../../service.payment/src/config.js';
import { productConfigSchema } from '../../service.product/src/config.js';
import { NAMESPACE } from './deploy-contract.js';
import { MANIFESTS_DIR } from './manifest-files.js';
import { readManifests, type ManifestObject } from './read-manifests.js';
import { SERVICE_PROFILES } from './service-profiles.js';

export const STAGE_FILE = 'config/k8s.yaml';
export const manifests = readManifests(MANIFESTS_DIR);
export const routes = loadRouteTable('config/routes.yaml');
export const k8sStage = parseYaml(readFileSync(STAGE_FILE, 'utf8')) as Record<string, any>;

export const find = (kind: string, name: string, namespace = NAMESPACE): ManifestObject | undefined =>
  manifests.find((doc) => doc.kind === kind && doc.metadata.name === name && doc.metadata.namespace === namespace);
export const deploymentOf = (service: string): ManifestObject => {
  const deployment = find('Deployment', service);
  if (deployment === undefined) throw new Error(`no Deployment ${service}`);
  return deployment;
};
export const podSpecOf = (service: string) => deploymentOf(service).spec.template.spec;
export const mainContainerOf = (service: string) => podSpecOf(service).containers.find((c: any) => c.name === service);

// A destination host is the Service's short name or any longer form of its in-cluster DNS name.
export const serviceOfHost = (host: string): string | undefined => {
  const [name, namespace] = host.split('.');
  return namespace === undefined || namespace === NAMESPACE ? name : undefined;
};

export const SCHEMAS: Record<ServiceName, z.ZodType> = {
  customer: customerConfigSchema,
  product: productConfigSchema,
  cart: cartConfigSchema,
  order: orderConfigSchema,
  payment: paymentConfigSchema,
};

// What Terraform puts in each Secret, as plausible stand-ins. customer-smtp holds no key by default (no smtp_*
// variable set): its references are optional.
export const SECRET_STAND_INS: Record<string, string> = {
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
export const envOf = (container: any, secrets: Record<string, string> = SECRET_STAND_INS): Record<string, string> =>
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
export const secretEnvNames = (container: any): string[] =>
  (container.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef && e.valueFrom.secretKeyRef.optional !== true).map((e: any) => e.name);
export const databaseOf = (service: string) =>
  readFileSync(`service.${service}/src/main.ts`, 'utf8').match(/createPool\(config\.postgres, '(\w+)'/)?.[1];
export const valueAt = (tree: Record<string, any>, key: string) => key.split('.').reduce<any>((node, segment) => node?.[segment], tree);
