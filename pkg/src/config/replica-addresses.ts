import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { SERVICE_NAMES, type ServiceName } from './route-table.js';

// Local replicas of one service run on "slots": slot i listens on the stage's ports plus i × REPLICA_PORT_STEP
// (order: 8104/9104, 8114/9114, 8124/9124, ...). Every caller computes the same addresses from one number per
// service, so no process needs a registry. The step keeps the five services' ports apart (81x1..81x5) and a
// slot's ports clear of the next service's.

/** Port distance between two slots of a service. */
export const REPLICA_PORT_STEP = 10;

/** More would reach the next hundred (8101 + 10 × 10 = 8201). */
export const MAX_REPLICAS = 9;

/**
 * `replicas.<service>` of a stage: how many instances of each service run on this machine. Absent (Kubernetes),
 * addresses are used as written, since a Service name already balances over the pods.
 */
export const replicasSchema = z.strictObject(
  Object.fromEntries(SERVICE_NAMES.map((name) => [name, z.number().int().min(1).max(MAX_REPLICAS)])) as Record<ServiceName, z.ZodNumber>,
);

export type Replicas = z.infer<typeof replicasSchema>;

/**
 * The slots a service's callers reach: one per replica plus one spare, where `make rolling-restart` starts the
 * next instance before it drains an old one (Kubernetes' maxSurge 1). Nothing listens on the spare most of the
 * time; callers skip an address that refuses connections.
 */
export const slotsOf = (replicas: number): number[] => Array.from({ length: replicas + 1 }, (_, slot) => slot);

/** The port of `slot` for a service whose first instance listens on `basePort`. */
export const slotPort = (basePort: number, slot: number): number => basePort + slot * REPLICA_PORT_STEP;

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

/**
 * The gRPC target of a service with `replicas` local instances: `host:port` as written for one address that is
 * not an IPv4 literal (a DNS name balances by itself), otherwise grpc-js's `ipv4:` scheme naming every slot
 * (`ipv4:127.0.0.1:9102,127.0.0.1:9112`), which the clients' round_robin policy spreads calls over.
 */
export const grpcTargetOf = (address: string, replicas: number | undefined): string => {
  if (replicas === undefined) return address;
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !IPV4.test(host) || !Number.isInteger(port)) return address;
  return `ipv4:${slotsOf(replicas)
    .map((slot) => `${host}:${slotPort(port, slot)}`)
    .join(',')}`;
};

/** Base URLs of every slot of a service whose first instance serves HTTP on host:port. */
export const httpOriginsOf = (listen: { host: string; port: number }, replicas: number | undefined): string[] =>
  slotsOf(replicas ?? 0).map((slot) => `http://${listen.host}:${slotPort(listen.port, slot)}`);

/**
 * A service config with every `addresses.<service>` turned into the target of all its slots (see grpcTargetOf).
 * Each service's schema applies it, so composition roots keep passing `config.addresses.product` to the client.
 */
export const withReplicaAddresses = <C extends { addresses: Record<ServiceName, string>; replicas?: Replicas | undefined }>(
  config: C,
): C => {
  const { replicas } = config;
  if (replicas === undefined) return config;
  const addresses = Object.fromEntries(SERVICE_NAMES.map((name) => [name, grpcTargetOf(config.addresses[name], replicas[name])])) as Record<
    ServiceName,
    string
  >;
  return { ...config, addresses };
};

/**
 * Parses REPLICAS (`order=2,cart=2`; services not named run once) into replicas.<service>. Throws a ConfigError
 * naming every bad entry.
 */
export const parseReplicas = (text: string): Replicas => {
  const replicas = Object.fromEntries(SERVICE_NAMES.map((name) => [name, 1])) as Replicas;
  const problems: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const match = /^([a-z]+)=(\d+)$/.exec(entry);
    const name = match?.[1] as ServiceName | undefined;
    const count = Number(match?.[2]);
    if (match === null || !SERVICE_NAMES.includes(name!)) {
      problems.push(`"${entry}": expected <service>=<count>, service one of ${SERVICE_NAMES.join(', ')}`);
    } else if (count < 1 || count > MAX_REPLICAS) {
      problems.push(`"${entry}": between 1 and ${MAX_REPLICAS} instances`);
    } else {
      replicas[name!] = count;
    }
  }
  if (problems.length > 0) throw new ConfigError('REPLICAS', problems);
  return replicas;
};
