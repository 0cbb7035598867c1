import { Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { AppError, fromGrpcError } from '../errors/index.js';
import type { RequestOf, ResponseOf, UnaryClientMethod, UnaryMethodName } from './client-types.js';
import { injectTraceContext, withSpan } from '../telemetry/index.js';
import type { TargetCircuit } from './circuit-breaker.js';
import { withDeadlineRetry } from './deadline-retry.js';

export interface CallUnaryOptions {
  /** Time budget of the whole call, retries included. */
  deadlineMs: number;
  /** Retry UNAVAILABLE / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED with backoff. Only for idempotent calls. */
  retry?: boolean;
  /** Per-attempt budget when retrying, so one hung replica leaves time for another attempt. */
  attemptTimeoutMs?: number;
  metadata?: Metadata;
  /** The breaker of the target service: each attempt goes through it, and none is made while it is open. */
  circuit?: TargetCircuit;
}

// Three attempts within the deadline: enough to ride out a restarting replica, few enough not to pile on.
const MAX_ATTEMPTS = 3;
const INITIAL_DELAY_MS = 50;
const MAX_DELAY_MS = 1_000;

/**
 * Calls a unary method of a generated grpc-js client and returns its response as a promise. Every call has a
 * deadline; a failure rejects with the AppError the server raised (fromGrpcError), transport failures included.
 * The call is a CLIENT span whose W3C trace context travels in the metadata, so the server's span joins the trace.
 */
export const callUnary = <C extends Client, M extends UnaryMethodName<C>>(
  client: C,
  method: M,
  request: RequestOf<C[M]>,
  options: CallUnaryOptions,
): Promise<ResponseOf<C[M]>> => {
  const fn = client[method] as unknown as UnaryClientMethod<RequestOf<C[M]>, ResponseOf<C[M]>>;
  if (typeof fn !== 'function') return Promise.reject(new AppError('INTERNAL', `gRPC client has no method ${method}`));
  return withSpan(`grpc ${String(method)}`, () => callTraced(client, fn, method, request, options), {
    kind: SpanKind.CLIENT,
    attributes: { 'rpc.system': 'grpc', 'rpc.method': String(method) },
  });
};

const callTraced = <C extends Client, M extends UnaryMethodName<C>>(
  client: C,
  fn: UnaryClientMethod<RequestOf<C[M]>, ResponseOf<C[M]>>,
  method: M,
  request: RequestOf<C[M]>,
  options: CallUnaryOptions,
): Promise<ResponseOf<C[M]>> => {
  const deadlineAt = Date.now() + options.deadlineMs;
  const metadata = options.metadata?.clone() ?? new Metadata();
  // round_robin fails a call at once while none of the target's instances is connected, e.g. in the second after a
  // restart until the channel reconnects: waiting for one, within the deadline, rides that out.
  metadata.setOptions({ ...metadata.getOptions(), waitForReady: true });
  for (const [key, value] of Object.entries(injectTraceContext())) metadata.set(key, value);

  const send = (attemptDeadlineAt: number) =>
    new Promise<ResponseOf<C[M]>>((resolve, reject) => {
      try {
        // grpc-js may add headers to the metadata it is given, so each attempt gets its own copy.
        fn.call(client, request, metadata.clone(), { deadline: new Date(attemptDeadlineAt) }, (error: ServiceError | null, response) =>
          error ? reject(fromGrpcError(error)) : resolve(response),
        );
      } catch (error) {
        // e.g. a request the serializer rejects (an int64 out of range): a bug on our side, not the server's.
        reject(new AppError('INTERNAL', `gRPC ${method} could not be sent: ${(error as Error).message}`, { cause: error }));
      }
    });
  const { circuit } = options;
  const attempt = (attemptDeadlineAt: number) => (circuit ? circuit.execute(() => send(attemptDeadlineAt)) : send(attemptDeadlineAt));

  if (!options.retry) return attempt(deadlineAt);
  const perAttempt = options.attemptTimeoutMs;
  return withDeadlineRetry(() => attempt(perAttempt === undefined ? deadlineAt : Math.min(deadlineAt, Date.now() + perAttempt)), {
    deadlineAt,
    maxAttempts: MAX_ATTEMPTS,
    initialDelayMs: INITIAL_DELAY_MS,
    maxDelayMs: MAX_DELAY_MS,
  });
};
