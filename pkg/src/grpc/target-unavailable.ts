import { AppError, type ErrorKind } from '../errors/index.js';

// Kinds that mean "the target service could not answer" (down, slow, shedding load, broken, circuit open), as
// opposed to an answer the caller can act on (NOT_FOUND, FAILED_PRECONDITION, ...).
const TARGET_FAILURES: ReadonlySet<ErrorKind> = new Set([
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'RESOURCE_EXHAUSTED',
  'CANCELLED',
  'INTERNAL',
  'UNKNOWN',
]);

// An open circuit says when it lets a probe through; otherwise a second is a fair hint.
const retryAfterOf = (error: AppError): number => {
  const seconds = error.details?.retry_after_seconds;
  return typeof seconds === 'number' ? seconds : 1;
};

/**
 * What a caller answers when a call to another service failed: a target failure becomes a 503 the client can
 * retry (UNAVAILABLE, `reason`, `retry_after_seconds`, the cause kept for the error log); anything else is
 * returned as it was.
 */
export const asTargetUnavailable = (error: unknown, message: string, reason = 'UNAVAILABLE'): unknown =>
  error instanceof AppError && TARGET_FAILURES.has(error.kind)
    ? new AppError('UNAVAILABLE', message, { reason, details: { retry_after_seconds: retryAfterOf(error) }, cause: error })
    : error;
