import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors/index.js';

/** error.details.reason of a request whose body is larger than the route reads (HTTP 413). */
export const BODY_TOO_LARGE = 'BODY_TOO_LARGE';

/** The 413 a body past `maxBytes` is answered with. */
export const bodyTooLarge = (maxBytes: number): AppError =>
  new AppError('OUT_OF_RANGE', `request body exceeds ${maxBytes} bytes`, {
    reason: BODY_TOO_LARGE,
    httpStatus: 413,
    details: { max_bytes: maxBytes },
  });

/**
 * Answers 413 BODY_TOO_LARGE for a body past `maxBytes` before anything parses it: at once when Content-Length
 * says so (whatever the method), otherwise as soon as the streamed body crosses the limit (hono's bodyLimit, which
 * holds at most `maxBytes` in memory). What the client sends after the answer is read and discarded for at most
 * 500 ms (@hono/node-server's lingering close, so that the client sees the 413 rather than a reset), then the
 * connection is closed.
 */
export const limitBody = (maxBytes: number): MiddlewareHandler => {
  const refuse = () => {
    throw bodyTooLarge(maxBytes);
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    // Node's parser holds a body to its Content-Length, so a declared size within the limit needs no counting, and
    // a GET or HEAD without Transfer-Encoding has no body. Anything else is counted as it streams: asking for
    // c.req.raw makes @hono/node-server build a whole Request, which every read would otherwise pay for.
    if (declared !== undefined) return Number(declared) > maxBytes ? refuse() : next();
    const bodiless = (c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('transfer-encoding') === undefined;
    return bodiless ? next() : streamed(c, next);
  };
};
