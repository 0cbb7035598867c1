import { AppError, isAppError } from '../errors/index.js';

/** The reason (error.code) of a request or call a bulkhead shed. */
export const OVERLOADED = 'OVERLOADED';

// A shed request only met a moment's peak: a second is the shortest Retry-After HTTP can say, and long enough
// for the requests in flight to finish.
const RETRY_AFTER_SECONDS = 1;

/**
 * The error of shed work: UNAVAILABLE (HTTP 503, gRPC UNAVAILABLE) with a `retry_after_seconds`, which the HTTP
 * error handler turns into Retry-After. UNAVAILABLE rather than RESOURCE_EXHAUSTED: the server is overloaded, not
 * the caller over a quota (RESOURCE_EXHAUSTED maps to 429 and is what grpc-js itself says of an oversized message).
 */
export const overloadedError = (): AppError =>
  new AppError('UNAVAILABLE', 'the service is overloaded; try again shortly', {
    reason: OVERLOADED,
    details: { retry_after_seconds: RETRY_AFTER_SECONDS },
  });

/** Whether `error` is a bulkhead's refusal (ours, or a server's that came back over gRPC). */
export const isOverloaded = (error: unknown): error is AppError => isAppError(error) && error.reason === OVERLOADED;
