import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { DURATION_BUCKETS_SECONDS, getMeter } from '../telemetry/index.js';

export interface MeasureRequestsOptions {
  /** The route of a request that a catch-all handler serves (the gateway: its route-table prefix). */
  routeOf?: (c: Context) => string | undefined;
}

// The scrape and the probes would only measure themselves.
const UNMEASURED: ReadonlySet<string> = new Set(['/metrics', '/healthz', '/readyz']);

// The semantic convention's closed set: any other method would make a new series per spelling.
const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * The pattern of the handler the request matched (/api/v1/product/:id), never the raw path. Middleware is
 * registered for every method, handlers for theirs; a path only middleware matched (a 404) has no route.
 * hono matches the whole chain up front, so a request refused by auth middleware still names its route.
 */
const handlerRouteOf = (c: Context): string | undefined =>
  matchedRoutes(c)
    .filter((route) => route.method !== 'ALL')
    .at(-1)?.path;

/** Records http.server.request.duration (seconds) per method, route and status of every request but the probes. */
export const measureRequests = (options: MeasureRequestsOptions = {}): MiddlewareHandler => {
  const duration = getMeter().createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
  });
  return async (c, next) => {
    if (UNMEASURED.has(c.req.path)) return next();
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = options.routeOf?.(c) ?? handlerRouteOf(c);
      const attributes: Attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: KNOWN_METHODS.has(c.req.method) ? c.req.method : '_OTHER',
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: c.res.status,
        ...(route === undefined ? {} : { [ATTR_HTTP_ROUTE]: route }),
      };
      duration.record((performance.now() - started) / 1000, attributes);
    }
  };
};
