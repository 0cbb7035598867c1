import type { Context, MiddlewareHandler } from 'hono';
import type { InFlightLimit } from '../bulkhead/index.js';

// Probes, the scrape and the documentation must answer most of all when the process is overloaded: a liveness
// probe shed with 503 would get the pod restarted for being busy, and an operator needs the metrics then.
const EXEMPT_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/livez', '/metrics', '/docs', '/openapi.json']);

/**
 * A request for a live event stream: GET with `Accept: text/event-stream`, which EventSource always sends. Such
 * requests are never shed: a browser's EventSource gives up for good on a 503 instead of reconnecting. Recognised
 * by the request rather than by a flag on the route, because every route is registered after this middleware and
 * hono matches them only later. A client could send the header to skip the limit; the edge's rate limits answer that.
 */
const isEventStreamRequest = (c: Context): boolean =>
  c.req.method === 'GET' && (c.req.header('accept') ?? '').toLowerCase().includes('text/event-stream');

const isExempt = (c: Context): boolean => EXEMPT_PATHS.has(c.req.path) || c.req.path.startsWith('/docs/') || isEventStreamRequest(c);

/**
 * The bulkhead of the HTTP server: every request but the exempt ones runs in a slot of `limit` or is answered 503
 * OVERLOADED with Retry-After (thrown to the error handler). A slot is held until the handler has produced its
 * response, so a streamed body (Server-Sent Events, however the request asked for it) holds none once its head is
 * out. A request that waits for a slot stops waiting when its client disconnects.
 */
export const shedOverload =
  (limit: InFlightLimit): MiddlewareHandler =>
  async (c, next) => {
    if (isExempt(c)) return next();
    // c.req.raw.signal makes @hono/node-server build a full Request: asked for only when the request must wait.
    await limit.run(next, () => c.req.raw.signal);
  };
