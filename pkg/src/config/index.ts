export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { applyEnvOverrides, ENV_PREFIX } from './env-overrides.js';
export { ConfigError } from './config-error.js';
export * from './schemas.js';
export { bulkheadSchema, inFlightLimitSchema, type BulkheadSettings, type InFlightLimitSettings } from './bulkhead-schema.js';
export {
  loadRouteTable,
  loadRouteTableWithLimits,
  matchRoute,
  SERVICE_NAMES,
  type Route,
  type RouteTable,
  type ServiceName,
} from './route-table.js';
export { rateLimitClassFor, rateLimitClassesOf, READ_METHODS, type RateLimitClass, type RouteRateLimit } from './rate-limit-classes.js';
export { EVENT_STREAM_ROUTES, isEventStreamPath, type EventStreamRoute } from './event-stream-routes.js';
export { childEnv } from './child-env.js';
export { SERVICE_NODE_FLAGS } from './node-flags.js';
export {
  grpcTargetOf,
  httpOriginsOf,
  MAX_REPLICAS,
  parseReplicas,
  REPLICA_PORT_STEP,
  replicasSchema,
  slotPort,
  slotsOf,
  withReplicaAddresses,
  type Replicas,
} from './replica-addresses.js';
export {
  formatReplicas,
  replicaEnv,
  replicaInstance,
  replicaInstances,
  replicaPlanSchema,
  replicasOf,
  type ReplicaInstance,
  type ReplicaPlanConfig,
} from './replica-plan.js';
export { edgeBodyLimit, type EdgeBodyLimitSource } from './edge-body-limit.js';
