import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { isOverloaded } from '../bulkhead/index.js';
import { AppError, errorEnvelope, httpStatusOf, isAppError, validationError } from '../errors/index.js';
import type { AppEnv } from './app-env.js';

const KIND_BY_STATUS: Record<number, AppError['kind']> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  413: 'OUT_OF_RANGE',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Translates whatever a route threw into an AppError; the only place HTTP sees raw errors. */
export const toAppError = (error: unknown): AppError => {
  if (isAppError(error)) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (error instanceof HTTPException) {
    // hono's own rejections: the JSON validator's parse failure and a wrong content type.
    if (error.status === 400 && /malformed json/i.test(error.message)) {
      return new AppError('INVALID_ARGUMENT', 'request body is not valid JSON', { reason: 'MALFORMED_JSON' });
    }
    if (error.status === 415) {
      return new AppError('INVALID_ARGUMENT', 'request body must be application/json', {
        reason: 'UNSUPPORTED_MEDIA_TYPE',
        httpStatus: 415,
      });
    }
    return new AppError(KIND_BY_STATUS[error.status] ?? 'UNKNOWN', error.message || 'request failed', { httpStatus: error.status });
  }
  return new AppError('INTERNAL', 'internal error', { cause: error });
};

/**
 * hono onError: answers the error envelope (with Retry-After when the error carries `retry_after_seconds`);
 * unknown errors are logged and recorded on the span.
 */
export const errorHandler = (error: Error, c: Context<AppEnv>): Response => {
  const appError = toAppError(error);
  const status = httpStatusOf(appError);
  // A shed request is the bulkhead working, counted by micro_ecommerce.bulkhead.refusals: an error line for each
  // would add work to an overloaded process exactly when it can least afford it.
  if (status >= 500 && !isOverloaded(appError)) {
    const span = trace.getActiveSpan();
    span?.recordException(error);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    c.var.log.error({ err: error }, 'request failed');
  }
  // A rate limit, a shed request or an open circuit says when to come back (RFC 9110 §10.2.3).
  const retryAfter = appError.details?.retry_after_seconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  return c.json(errorEnvelope(appError, c.var.requestId), status as ContentfulStatusCode);
};
