import { status, type handleUnaryCall, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { InFlightLimit } from '../bulkhead/index.js';
import { isAppError, toGrpcStatus, type ErrorKind } from '../errors/index.js';
import { extractTraceContext, withSpan } from '../telemetry/index.js';
import { callDurationRecorder } from './call-duration.js';
import type { UnaryHandler } from './service-types.js';

// Kinds that mean "we are broken", as opposed to "the caller asked for something we refuse".
const SERVER_FAULTS: ReadonlySet<ErrorKind> = new Set(['INTERNAL', 'UNKNOWN', 'DATA_LOSS']);

const statusOf = (error: unknown, logger: Logger, method: string, durationMs: number): Partial<StatusObject> => {
  if (isAppError(error)) {
    const fields = { method, code: error.kind, reason: error.reason, duration_ms: durationMs };
    if (SERVER_FAULTS.has(error.kind)) logger.error({ ...fields, err: error }, 'grpc call failed');
    else logger.info(fields, 'grpc call refused');
    return toGrpcStatus(error);
  }
  // An unexpected error's message may hold SQL, hostnames or stack details: log it, never send it.
  logger.error({ method, code: 'INTERNAL', duration_ms: durationMs, err: error }, 'grpc handler threw an unexpected error');
  return { code: status.INTERNAL, details: 'internal error' };
};

// Aborts when the client cancels the call or its deadline passes: a call waiting for a slot then stops waiting.
const cancelSignalOf = (call: ServerUnaryCall<unknown, unknown>): AbortSignal => {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  else call.once('cancelled', () => controller.abort());
  return controller.signal;
};

/**
 * Adapts an async handler to grpc-js: its result is the response, an AppError becomes its gRPC status, any
 * other error is logged and answered INTERNAL "internal error". A call the client already cancelled or whose
 * deadline passed is not run (nobody waits for it); a late answer to one is dropped, not a crash.
 * The handler runs in a SERVER span that continues the caller's trace (W3C context from the metadata), and
 * its duration is recorded with the status it ended with (rpc.server.call.duration).
 * Given the server's in-flight `limit` (bulkhead), a call beyond it is answered UNAVAILABLE, reason OVERLOADED, with
 * `retry_after_seconds`, without a span or a handler run; callers' retries and circuit breakers count it as a fault
 * of this server. Its slot is held until the handler settles, however it ends.
 */
export const unaryHandler = <Req, Res>(
  handler: UnaryHandler<Req, Res>,
  logger: Logger,
  limit?: InFlightLimit,
): handleUnaryCall<Req, Res> => {
  const recordDuration = callDurationRecorder();
  return (call, callback) => {
    const method = call.getPath();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // grpc-js marks a call cancelled for a client's cancel and for a passed deadline alike.
    const record = (code: status) => recordDuration(method, call.cancelled ? status.CANCELLED : code, (performance.now() - started) / 1000);
    const answer = (error: Partial<StatusObject> | null, response?: Res) => {
      record(error === null ? status.OK : (error.code ?? status.UNKNOWN));
      if (call.cancelled) {
        logger.info({ method, duration_ms: elapsed() }, 'grpc call cancelled or past its deadline; answer dropped');
        return;
      }
      if (error === null) logger.debug({ method, code: 'OK', duration_ms: elapsed() }, 'grpc call');
      try {
        callback(error, response);
      } catch (sendError) {
        logger.error({ method, err: sendError }, 'grpc answer could not be sent');
      }
    };
    if (call.cancelled) return record(status.CANCELLED);
    // Promise.resolve().then turns a synchronous throw into a rejection handled below.
    const carrier: Record<string, string> = {};
    for (const [key, value] of Object.entries(call.metadata.getMap())) if (typeof value === 'string') carrier[key] = value;
    let ran = false;
    const serve = () => {
      ran = true;
      return withSpan(method, () => Promise.resolve().then(() => handler(call.request, call)), {
        kind: SpanKind.SERVER,
        parent: extractTraceContext(carrier),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': method },
      });
    };
    (limit === undefined ? serve() : limit.run(serve, () => cancelSignalOf(call))).then(
      (response) => answer(null, response),
      (error: unknown) => {
        if (ran || !isAppError(error)) return answer(statusOf(error, logger, method, elapsed()));
        // Shed by the limit: counted by micro_ecommerce.bulkhead.refusals; a line each would only add load.
        logger.debug({ method, code: error.kind, reason: error.reason }, 'grpc call shed');
        answer(toGrpcStatus(error));
      },
    );
  };
};
