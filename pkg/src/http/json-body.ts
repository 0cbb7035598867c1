import { AppError } from '../errors/index.js';
import type { MiddlewareHandler } from 'hono';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Makes POST/PUT bodies JSON or a clear 4xx: a missing or other content type is 415, unparsable JSON is
 * 400 MALFORMED_JSON (as pkg readJson answers). The parsed body stays cached for the route's zod validator,
 * which would otherwise see an empty object for a non-JSON content type and report fields as missing.
 */
export const jsonBody = (): MiddlewareHandler => async (c, next) => {
  if (c.req.method !== 'POST' && c.req.method !== 'PUT') return next();
  if (!JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? ''))
    throw new AppError('INVALID_ARGUMENT', 'request body must be JSON (Content-Type: application/json)', {
      reason: 'UNSUPPORTED_MEDIA_TYPE',
      httpStatus: 415,
    });
  try {
    await c.req.json();
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'request body is not valid JSON', { reason: 'MALFORMED_JSON' });
  }
  return next();
};
