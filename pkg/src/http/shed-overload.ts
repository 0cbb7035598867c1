import type { Context, MiddlewareHandler } from 'hono';
import type { InFlightLimit } from '../bulkhead/index.js';

// Probes, the scrape and the documentation must answer most of all when the process is overloaded: a liveness
// probe shed with 503 would get the pod restarted for being busy, and an operator needs the metrics then.
const EXEMPT_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/livez', '/metrics', '/docs', '/openapi.json']);

/** Which paths answer live event streams (pkg/config isEventStreamPath); none by default. */
export type EventStreamPaths = (path: string) => boolean;

const isExempt = (c: Context, isEventStreamPath: EventStreamPaths): boolean =>
  EXEMPT_PATHS.has(c.req.path) ||
  c.req.path.startsWith('/docs/') ||
  // A GET of an event-stream route is never shed: a browser's EventSource gives up for good on a 503 instead of
  // reconnecting. Such routes bound themselves (order: streams per account, answered 429). Recognised by the path,
  // never by the Accept header: a header any client can send would let every request skip the limit.
  (c.req.method === 'GET' && isEventStreamPath(c.req.path));

/**
 * The bulkhead of the HTTP server: every request but the exempt ones runs in a slot of `limit` or is answered 503
 * OVERLOADED with Retry-After (thrown to the error handler). A slot is held until the handler has produced its
 * response, so a streamed body holds none once its head is out. A request that waits for a slot stops waiting
 * when its client disconnects.
 */
export const shedOverload =
  (limit: InFlightLimit, isEventStreamPath: EventStreamPaths = () => false): MiddlewareHandler =>
  async (c, next) => {
    if (isExempt(c, isEventStreamPath)) return next();
    // c.req.raw.signal makes @hono/node-server build a full Request: asked for only when the request must wait.
    await limit.run(next, () => c.req.raw.signal);
  };
