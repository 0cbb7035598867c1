import { z } from 'zod';
import { ENV_PREFIX } from './env-overrides.js';
import { parseReplicas, slotPort, type Replicas } from './replica-addresses.js';
import { SERVICE_NAMES, type ServiceName } from './route-table.js';
import { infraConfigSchema, serviceListenSchema } from './schemas.js';

/** What a launcher reads from a stage: the shared sections and where every service's first instance listens. */
export const replicaPlanSchema = infraConfigSchema.extend({
  services: z.object(
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, serviceListenSchema.loose()])) as Record<
      ServiceName,
      ReturnType<typeof serviceListenSchema.loose>
    >,
  ),
});

export type ReplicaPlanConfig = z.infer<typeof replicaPlanSchema>;

/** One process of a service on one slot, with everything a launcher needs to start and watch it. */
export interface ReplicaInstance {
  service: ServiceName;
  slot: number;
  /** `order` for slot 0, `order-1`, `order-2` ... for the others: log prefixes and file names. */
  name: string;
  httpPort: number;
  grpcPort: number;
  /** GET answers 200 once the instance takes traffic, 503 from the moment it starts draining. */
  readyUrl: string;
  /** CONFIG__* variables for this instance: its slot's ports and every service's replica count. */
  env: Record<string, string>;
}

const keyOf = (...path: string[]) => ENV_PREFIX + path.map((part) => part.toUpperCase()).join('__');

/** CONFIG__REPLICAS__<SERVICE>=<count> for every service: each process derives all addresses from them. */
export const replicaEnv = (replicas: Replicas): Record<string, string> =>
  Object.fromEntries(SERVICE_NAMES.map((name) => [keyOf('replicas', name), String(replicas[name])]));

/** The instance of `service` on `slot` (the spare slot included, for rolling restarts). */
export const replicaInstance = (config: ReplicaPlanConfig, replicas: Replicas, service: ServiceName, slot: number): ReplicaInstance => {
  const { http, grpc } = config.services[service];
  const httpPort = slotPort(http.port, slot);
  const grpcPort = slotPort(grpc.port, slot);
  return {
    service,
    slot,
    name: slot === 0 ? service : `${service}-${slot}`,
    httpPort,
    grpcPort,
    readyUrl: `http://${http.host}:${httpPort}/readyz`,
    env: {
      ...replicaEnv(replicas),
      [keyOf('services', service, 'http', 'port')]: String(httpPort),
      [keyOf('services', service, 'grpc', 'port')]: String(grpcPort),
    },
  };
};

/** The instances `make dev` starts: slots 0 .. count-1 of every service, services in start order. */
export const replicaInstances = (config: ReplicaPlanConfig, replicas: Replicas): ReplicaInstance[] =>
  SERVICE_NAMES.flatMap((service) =>
    Array.from({ length: replicas[service] }, (_, slot) => replicaInstance(config, replicas, service, slot)),
  );

/**
 * The replica counts a launcher uses: REPLICAS (`order=2,cart=2`) when set, else the stage's `replicas`, else one
 * instance each.
 */
export const replicasOf = (config: ReplicaPlanConfig, env: Record<string, string | undefined> = process.env): Replicas => {
  const text = env.REPLICAS?.trim();
  if (text) return parseReplicas(text);
  return config.replicas ?? parseReplicas('');
};

/** `customer=1,product=1,...`: the counts in REPLICAS' own syntax, to hand to another launcher. */
export const formatReplicas = (replicas: Replicas): string => SERVICE_NAMES.map((name) => `${name}=${replicas[name]}`).join(',');
