import { z } from 'zod';
import { replicasSchema } from './replica-addresses.js';

// Building blocks every service composes into its own config schema. Sections are strict so that a
// misspelt key is reported instead of silently ignored.

export const portSchema = z.number().int().min(1).max(65535);

export const listenSchema = z.strictObject({ host: z.string().min(1), port: portSchema });

export const logSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  pretty: z.boolean(),
});

export const telemetrySchema = z.strictObject({
  /** OTLP/HTTP traces endpoint, e.g. http://jaeger-collector:4318/v1/traces; empty disables export. */
  otlp_endpoint: z.string(),
  sample_ratio: z.number().min(0).max(1),
});

export const postgresSchema = z.strictObject({
  host: z.string().min(1),
  port: portSchema,
  user: z.string().min(1),
  password: z.string(),
  pool_max: z.number().int().positive(),
  /**
   * Appended to every database name (customer -> customer_test): a stage's own databases in a shared cluster,
   * so that `make test` never writes into what `make dev` shows.
   */
  database_suffix: z.string().regex(/^[a-z0-9_]*$/, 'lower-case letters, digits and _ only'),
});

export const redisSchema = z.strictObject({ url: z.string().startsWith('redis://') });

/** The connection string names the database (mongodb://host:port/<database>): the product catalog lives there. */
export const mongodbSchema = z.strictObject({
  url: z.string().regex(/^mongodb:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, 'mongodb://host:port/<database>[?options]'),
});

export const rocketmqSchema = z.strictObject({
  /** The proxy's gRPC endpoint, host:port. */
  endpoints: z.string().min(1),
  /**
   * Prefixes every topic and consumer group: the broker names them <namespace>%<name> (pkg/src/rocketmq
   * stageName), so the test stage has topics and groups of its own on the shared broker. Empty: the plain
   * names, as production uses them.
   */
  namespace: z.string().regex(/^[A-Za-z0-9_-]*$/),
});

export const grpcSchema = z.strictObject({
  default_deadline_ms: z.number().int().positive(),
  /** The breaker in front of each target service (pkg/src/grpc/circuit-breaker.ts). */
  circuit_breaker: z.strictObject({
    consecutive_failures: z.number().int().positive(),
    half_open_after_ms: z.number().int().positive(),
    slow_call_ms: z.number().int().positive(),
  }),
  /** Largest message a server or client receives or sends: RESOURCE_EXHAUSTED past it. */
  max_message_bytes: z.number().int().positive(),
});

/**
 * The cost limits of every HTTP entry (services and the edge): a larger body is answered 413 BODY_TOO_LARGE before it
 * is parsed, a larger request head 431. A route that needs more (product's catalog writes) has a limit of its own.
 */
export const httpLimitsSchema = z.strictObject({
  body_bytes: z.number().int().positive(),
  header_bytes: z.number().int().min(1024),
});

/** How every service verifies access tokens issued by the customer service. */
export const authSchema = z.strictObject({
  issuer: z.string().min(1),
  audience: z.string().min(1),
  /** The customer service's JWKS document (Istio's RequestAuthentication reads the same URL). */
  jwks_url: z.url(),
});

/** host:port of every service's gRPC endpoint (Istio/DNS names in Kubernetes, loopback locally). */
export const addressesSchema = z.strictObject({
  customer: z.string().min(1),
  product: z.string().min(1),
  cart: z.string().min(1),
  order: z.string().min(1),
  payment: z.string().min(1),
});

/** What every service section has: where it listens. */
export const serviceListenSchema = z.strictObject({ http: listenSchema, grpc: listenSchema });

/** The shared infrastructure sections, as used by migrations, scripts and integration tests. */
export const infraConfigSchema = z.object({
  log: logSchema,
  telemetry: telemetrySchema,
  postgres: postgresSchema,
  redis: redisSchema,
  mongodb: mongodbSchema,
  rocketmq: rocketmqSchema,
  grpc: grpcSchema,
  http_limits: httpLimitsSchema,
  auth: authSchema,
  addresses: addressesSchema,
  /** Local stages only: instances per service on this machine (pkg/src/config/replica-addresses.ts). */
  replicas: replicasSchema.optional(),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;
export type PostgresConfig = z.infer<typeof postgresSchema>;
export type LogConfig = z.infer<typeof logSchema>;
export type ListenConfig = z.infer<typeof listenSchema>;
export type HttpLimits = z.infer<typeof httpLimitsSchema>;
export type GrpcMessageLimits = Pick<z.infer<typeof grpcSchema>, 'max_message_bytes'>;

/** The cost limits a process's servers apply, as every stage sets them; main.ts passes its config. */
export interface EntryLimits {
  http_limits: HttpLimits;
  grpc: GrpcMessageLimits;
}
