import { Server, ServerCredentials, type ChannelOptions, type ServiceDefinition } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { createInFlightLimit } from '../bulkhead/index.js';
import type { GrpcMessageLimits, InFlightLimitSettings } from '../config/index.js';
import type { AsyncServiceImplementation, UnaryServiceDefinition } from './service-types.js';
import { messageLimitOptions } from './message-limits.js';
import { serviceNameOf, wrapService } from './wrap-service.js';

const MiB = 1024 * 1024;

/** Server channel options every service starts from; GrpcServerOptions.channelOptions overrides them. */
export const DEFAULT_SERVER_OPTIONS: ChannelOptions = {
  // Pings find dead peers (a node gone without FIN) within ~1.5 min instead of the kernel's hours.
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  // Recycling connections makes long-lived clients re-resolve DNS and spread over new replicas.
  'grpc.max_connection_age_ms': 5 * 60_000,
  'grpc.max_connection_age_grace_ms': 30_000,
  'grpc.max_receive_message_length': 4 * MiB,
  'grpc.max_send_message_length': 4 * MiB,
};

export interface GrpcServerOptions {
  logger: Logger;
  channelOptions?: ChannelOptions;
  /** How long close() lets in-flight calls finish before cutting them off. */
  shutdownTimeoutMs?: number;
  /** In-flight limit over every unary call of every added service (services.<name>.bulkhead.grpc). Absent: DEFAULT_GRPC_BULKHEAD. */
  bulkhead?: InFlightLimitSettings;
  /** Largest message and metadata block a call may carry (the stage's grpc section). Absent: DEFAULT_SERVER_OPTIONS' 4 MiB. */
  limits?: GrpcMessageLimits;
}

/** The in-flight limit of a server whose stage sets none: sheds only what no process here could carry anyway. */
export const DEFAULT_GRPC_BULKHEAD: InFlightLimitSettings = { max_in_flight: 1024, max_queued: 0, max_queue_wait_ms: 0 };

export interface GrpcServer {
  /** Serves a generated service definition with async handlers; its health status starts SERVING. */
  addService<D extends UnaryServiceDefinition>(definition: D, implementation: AsyncServiceImplementation<D>): void;
  /** Health of '' and every added service: false while draining, so balancers and probes stop sending calls. */
  setServing(serving: boolean): void;
  /** Binds host:port (port 0 picks a free one) and resolves with the bound port. */
  listen(address: { host: string; port: number }): Promise<number>;
  /** NOT_SERVING, then a graceful shutdown bounded by shutdownTimeoutMs, then a forced one. */
  close(): Promise<void>;
  /** The underlying grpc-js server, for what this wrapper does not cover. */
  readonly server: Server;
}

/**
 * A grpc-js server with the standard health service (grpc.health.v1.Health) and handlers wrapped so that
 * errors travel as gRPC status codes, under one in-flight limit for the whole server (past it: UNAVAILABLE
 * OVERLOADED; health checks are never limited). Transport is plaintext: in Kubernetes the Istio sidecar adds mTLS.
 */
export const createGrpcServer = (options: GrpcServerOptions): GrpcServer => {
  const { logger } = options;
  const server = new Server({ ...DEFAULT_SERVER_OPTIONS, ...messageLimitOptions(options.limits), ...options.channelOptions });
  // '' is the whole server, by the health protocol's convention.
  const serviceNames = new Set<string>(['']);
  const health = new HealthImplementation({ '': 'SERVING' });
  health.addToServer(server);
  let serving = true;
  const limit = createInFlightLimit('grpc', options.bulkhead ?? DEFAULT_GRPC_BULKHEAD);

  const setServing = (value: boolean) => {
    serving = value;
    for (const name of serviceNames) health.setStatus(name, value ? 'SERVING' : 'NOT_SERVING');
  };

  return {
    server,
    addService(definition, implementation) {
      const name = serviceNameOf(definition);
      server.addService(definition as unknown as ServiceDefinition, wrapService(definition, implementation, logger, limit));
      serviceNames.add(name);
      health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
    },
    setServing,
    listen: ({ host, port }) =>
      new Promise((resolve, reject) => {
        // An IPv6 literal needs brackets before the port.
        const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
        server.bindAsync(`${hostPart}:${port}`, ServerCredentials.createInsecure(), (error, boundPort) => {
          if (error) return reject(error);
          const services = [...serviceNames].filter(Boolean);
          logger.info({ address: `${hostPart}:${boundPort}`, services }, 'grpc server listening');
          resolve(boundPort);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        setServing(false);
        const timer = setTimeout(() => {
          logger.warn('grpc server did not drain in time; cancelling the remaining calls');
          server.forceShutdown();
          resolve();
        }, options.shutdownTimeoutMs ?? 10_000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
};
