import { credentials as grpcCredentials, type ChannelCredentials, type Client, type ClientOptions } from '@grpc/grpc-js';
import type { z } from 'zod';
import type { grpcSchema } from '../config/index.js';
import { callUnary, type CallUnaryOptions } from './call-unary.js';
import { messageLimitOptions } from './message-limits.js';
import type { TargetCircuit } from './circuit-breaker.js';
import type { RequestOf, ResponseOf, UnaryMethodName } from './client-types.js';

export type GrpcConfig = z.infer<typeof grpcSchema>;

/** Client channel options every service starts from; GrpcClientOptions.channelOptions overrides them. */
export const DEFAULT_CLIENT_OPTIONS: Partial<ClientOptions> = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  // grpc-js backs off reconnects up to 2 min by default; a restarted neighbour should be found within a call's
  // deadline, as calls wait for a connection (waitForReady, call-unary.ts).
  'grpc.max_reconnect_backoff_ms': 1_000,
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
  // A target naming several instances (e.g. ipv4:127.0.0.1:19102,127.0.0.1:19112 for local replicas) spreads calls
  // over all of them instead of grpc-js's default pick_first; one address (a Kubernetes Service) is unaffected.
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
};

/** The constructor ts-proto emits for a service, e.g. ProductServiceClient. */
export type GrpcClientConstructor<C extends Client> = new (
  address: string,
  credentials: ChannelCredentials,
  options?: Partial<ClientOptions>,
) => C;

export interface GrpcClientOptions {
  /** The config's grpc section: default_deadline_ms applies to every call that names no deadline. */
  grpc: Pick<GrpcConfig, 'default_deadline_ms'> & Partial<Pick<GrpcConfig, 'max_message_bytes'>>;
  /** Plaintext by default: in Kubernetes the Istio sidecar adds mTLS. */
  credentials?: ChannelCredentials;
  channelOptions?: Partial<ClientOptions>;
  /** The breaker of the target service, shared by every client of that service (TargetCircuit). */
  circuit?: TargetCircuit;
}

export interface GrpcClient<C extends Client> {
  /** Calls a unary method with a deadline (the config default unless given); see callUnary. */
  call<M extends UnaryMethodName<C>>(method: M, request: RequestOf<C[M]>, options?: Partial<CallUnaryOptions>): Promise<ResponseOf<C[M]>>;
  close(): void;
  /** The target service's breaker, when the client has one. */
  readonly circuit: TargetCircuit | undefined;
  /** The generated client itself, for streaming calls or channel state. */
  readonly raw: C;
}

/**
 * A generated grpc-js client for `address` (host:port, or any grpc-js target such as ipv4:a:1,b:2) whose calls always
 * carry a deadline and reject with AppError.
 */
export const createGrpcClient = <C extends Client>(
  Ctor: GrpcClientConstructor<C>,
  address: string,
  options: GrpcClientOptions,
): GrpcClient<C> => {
  const { max_message_bytes } = options.grpc;
  const raw = new Ctor(address, options.credentials ?? grpcCredentials.createInsecure(), {
    ...DEFAULT_CLIENT_OPTIONS,
    ...(max_message_bytes === undefined ? {} : messageLimitOptions({ max_message_bytes })),
    ...options.channelOptions,
  });
  const defaultDeadlineMs = options.grpc.default_deadline_ms;
  const { circuit } = options;
  return {
    raw,
    circuit,
    call: (method, request, callOptions = {}) =>
      callUnary(raw, method, request, { circuit, ...callOptions, deadlineMs: callOptions.deadlineMs ?? defaultDeadlineMs }),
    close: () => raw.close(),
  };
};
