import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { createInFlightLimit } from '../bulkhead/index.js';
import type { InFlightLimitSettings } from '../config/index.js';
import { validationError } from '../errors/index.js';
import { accessLog } from './access-log.js';
import { notFoundOrNotAllowed } from './allowed-methods.js';
import type { AppEnv } from './app-env.js';
import { documentEntryLimits } from './document-entry-limits.js';
import { documentOverload } from './document-overload.js';
import { errorHandler } from './error-handler.js';
import { mountHealthRoutes, type ReadinessCheck } from './health-routes.js';
import { limitBody } from './limit-body.js';
import { measureRequests } from './measure-requests.js';
import { shedOverload, type EventStreamPaths } from './shed-overload.js';
import { traceRequests } from './trace-requests.js';
import { metricsHandler, type Metrics } from '../telemetry/index.js';

export interface HttpAppOptions {
  logger: Logger;
  /** Dependency checks behind /readyz, e.g. { postgres: () => pool.query('select 1') }. */
  readiness?: Record<string, ReadinessCheck>;
  /** True once shutdown began: /readyz answers 503 so the load balancer stops sending traffic. */
  isDraining?: () => boolean;
  /** The process's metrics (initMetrics): served at GET /metrics for Prometheus. Absent: no /metrics. */
  metrics?: Pick<Metrics, 'scrape'>;
  /** The http.route of a request a catch-all handler serves (the gateway names its route-table prefix). */
  routeOf?: (c: Context) => string | undefined;
  /**
   * The process's in-flight limit for HTTP (services.<name>.bulkhead.http). Absent: DEFAULT_HTTP_BULKHEAD, a safety
   * net far above what a process here carries (the gateway, tests).
   */
  bulkhead?: InFlightLimitSettings;
  /** Largest request body any route reads (http_limits.body_bytes; product's catalog_body_bytes). Absent: DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** The paths of the app's event streams (pkg/config isEventStreamPath): a GET to one is never shed with 503. */
  eventStreamPaths?: EventStreamPaths;
}

/** The body limit of an app whose stage sets none, as the stages' http_limits.body_bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The in-flight limit of an app whose stage sets none: sheds only what no process here could carry anyway. */
export const DEFAULT_HTTP_BULKHEAD: InFlightLimitSettings = { max_in_flight: 1024, max_queued: 0, max_queue_wait_ms: 0 };

/**
 * The hono app every service starts from: a server span per request, request id (X-Request-Id in and out), access log, the error
 * envelope for every failure, a JSON 404 (405 with Allow for a known path), /healthz and /readyz, the request duration histogram (http.server.request.duration),
 * the in-flight limit (bulkhead: past it 503 OVERLOADED, documented on every route), the body limit (413 BODY_TOO_LARGE) and, given the process's metrics, GET /metrics. Routes are added by the caller, preferably with
 * `app.openapi(createRoute({...}), handler)` so that the zod schemas validate input (a failure is a 400 envelope
 * naming every bad field) and document the service's OpenAPI 3 spec.
 */
export const createHttpApp = <E extends AppEnv = AppEnv>(options: HttpAppOptions): OpenAPIHono<E> => {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, `request ${result.target}`);
    },
  });
  app.use(measureRequests({ routeOf: options.routeOf }));
  app.use(traceRequests());
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(accessLog(options.logger));
  // After the request id and the access log, so that a shed request is answered, measured and logged like any other.
  app.use(shedOverload(createInFlightLimit('http', options.bulkhead ?? DEFAULT_HTTP_BULKHEAD), options.eventStreamPaths));
  // Before any route: an oversized body is refused before authentication, parsing or validation look at it.
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  app.use(limitBody(maxBodyBytes));
  documentOverload(app);
  documentEntryLimits(app, maxBodyBytes);
  app.onError(errorHandler);
  // Routes are added after this returns: look them up per request.
  app.notFound(notFoundOrNotAllowed(() => app.routes));
  mountHealthRoutes(app, options.readiness ?? {}, options.isDraining ?? (() => false));
  if (options.metrics !== undefined) app.get('/metrics', metricsHandler(options.metrics));
  // The shared middleware only touches AppEnv's variables, which every E extends.
  return app as unknown as OpenAPIHono<E>;
};
