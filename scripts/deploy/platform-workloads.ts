// The hand-written workloads of infrastructure/manifests/platform/ as the generated policies name them. Each one's
// `app` label, Service and ServiceAccount share its name, so its mTLS identity is servicePrincipal(name);
// data-store-access.test.ts holds the YAML to that, and to the ports listed here.

/** A platform workload and the ports its Service serves. */
export interface PlatformWorkload {
  name: string;
  ports: readonly number[];
}

export const POSTGRES: PlatformWorkload = { name: 'postgres', ports: [5432] };
export const REDIS: PlatformWorkload = { name: 'redis', ports: [6379] };
export const MONGODB: PlatformWorkload = { name: 'mongodb', ports: [27017] };
export const ROCKETMQ_NAMESRV: PlatformWorkload = { name: 'rocketmq-namesrv', ports: [9876] };
/** Remoting and its "VIP channel" (listenPort - 2). */
export const ROCKETMQ_BROKER: PlatformWorkload = { name: 'rocketmq-broker', ports: [10911, 10909] };
/**
 * The proxy's gRPC port, the only way in for the services. Its remoting port (8090) is left to nobody: no client
 * of ours speaks remoting to the proxy, the topics Job goes to the name server and broker directly.
 */
export const ROCKETMQ_PROXY: PlatformWorkload = { name: 'rocketmq-proxy', ports: [8081] };
/** The Job that creates topics and consumer groups: a client of the name server and broker, serving nothing. */
export const ROCKETMQ_TOPICS: PlatformWorkload = { name: 'rocketmq-topics', ports: [] };

/** The Job that creates each service's PostgreSQL role and database as the superuser: a client, serving nothing. */
export const POSTGRES_ROLES: PlatformWorkload = { name: 'postgres-roles', ports: [] };

export const PLATFORM_WORKLOADS: readonly PlatformWorkload[] = [
  POSTGRES,
  POSTGRES_ROLES,
  REDIS,
  MONGODB,
  ROCKETMQ_NAMESRV,
  ROCKETMQ_BROKER,
  ROCKETMQ_PROXY,
  ROCKETMQ_TOPICS,
];
