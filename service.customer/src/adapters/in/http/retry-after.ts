import { isAppError } from '@micro-ecommerce/pkg/errors';
import type { MiddlewareHandler } from 'hono';

/**
 * Adds Retry-After to a response whose error carries `details.retry_after_seconds` (RESOURCE_EXHAUSTED from a
 * rate limit). hono has already turned the error into the envelope when next() returns, and keeps it in c.error.
 */
export const retryAfterHeader = (): MiddlewareHandler => async (c, next) => {
  await next();
  const seconds = isAppError(c.error) ? c.error.details?.retry_after_seconds : undefined;
  if (typeof seconds === 'number') c.res.headers.set('Retry-After', String(Math.ceil(seconds)));
};
