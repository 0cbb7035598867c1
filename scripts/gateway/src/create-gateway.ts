import { matchRoute, type Route } from '@micro-ecommerce/pkg/config';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { createHttpApp, type AppEnv } from '@micro-ecommerce/pkg/http';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { mountDocs } from './docs.js';
import type { EdgeRateLimit } from './rate-limit/edge-rate-limit.js';
import { forward, OpenStreams } from './forward.js';
import { forwardToReady } from './forward-to-ready.js';
import type { Upstreams } from './upstreams.js';

export interface GatewayOptions {
  routes: readonly Route[];
  /** Base URL of each service's HTTP port, e.g. { cart: 'http://127.0.0.1:8103' }. */
  origins: Record<string, string>;
  upstreamTimeoutMs: number;
  logger: Logger;
  /** The gateway's own metrics, served at its GET /metrics (never forwarded to a service). */
  metrics?: Metrics;
  /** Event streams in flight, for the shutdown to end (main.ts); one of its own otherwise. */
  streams?: OpenStreams;
  /** The edge rate limit (rate-limit/edge-rate-limit.ts); absent: nothing is limited. */
  rateLimit?: Pick<EdgeRateLimit, 'middleware' | 'documentLimits'>;
  /** Every instance of each service and which are ready (upstreams.ts); absent: only `origins`' one each. */
  upstreams?: Upstreams;
  /** Largest request body forwarded (config.ts edgeBodyLimit): past it 413 before anything reaches a service. */
  maxBodyBytes?: number;
}

// Never forwarded: CONNECT would open a tunnel through the gateway, and TRACE/TRACK echo the request, tokens
// included, back to the caller (cross-site tracing). The service still decides what the path allows: an OPTIONS
// to it answers 405 with the path's Allow (pkg/src/http), which the gateway passes on.
const UNSENDABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const refuseUnsendable = async (c: Context<AppEnv>, origin: string, service: string, timeoutMs: number): Promise<Response> => {
  let probe: Response;
  try {
    probe = await fetch(`${origin}${c.req.path}`, {
      method: 'OPTIONS',
      headers: { authorization: c.req.header('authorization') ?? '', 'x-request-id': c.var.requestId },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `${service} is unavailable`, { reason: 'BAD_GATEWAY', httpStatus: 502, cause: error });
  }
  const allow = probe.headers.get('allow');
  // No Allow: the service refused the probe itself (401 without a valid token) or knows no such path (404); its
  // own answer goes back.
  if (allow === null) return probe;
  c.header('Allow', allow);
  throw new AppError('UNIMPLEMENTED', `${c.req.method} is not served on ${c.req.path}`, {
    reason: 'METHOD_NOT_ALLOWED',
    httpStatus: 405,
    details: { allow: allow.split(/,\s*/) },
  });
};

/**
 * The local ingress: /healthz, /metrics, /docs, and every path of the route table forwarded to its service. Its
 * request durations name the route-table prefix a request matched as http.route, never the raw path.
 */
export const createGateway = (options: GatewayOptions): Hono<AppEnv> => {
  const app = createHttpApp({
    logger: options.logger,
    metrics: options.metrics,
    routeOf: (c) => matchRoute(options.routes, c.req.path)?.prefix,
    maxBodyBytes: options.maxBodyBytes,
  });
  const documented = Object.fromEntries(
    [...new Set(options.routes.map((r) => r.service))].map((service) => [service, options.origins[service]!]),
  );
  mountDocs(app, documented, options.upstreamTimeoutMs, options.rateLimit?.documentLimits);
  // After /healthz, /metrics and /docs: those answer before it and are never limited.
  if (options.rateLimit !== undefined) app.use('*', options.rateLimit.middleware);
  const streams = options.streams ?? new OpenStreams();
  app.all('*', (c) => {
    const route = matchRoute(options.routes, c.req.path);
    if (route === undefined) throw new AppError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`);
    const origin = options.origins[route.service];
    if (origin === undefined)
      throw new AppError('UNAVAILABLE', `no address for ${route.service}`, { reason: 'BAD_GATEWAY', httpStatus: 502 });
    if (UNSENDABLE_METHODS.has(c.req.method)) return refuseUnsendable(c, origin, route.service, options.upstreamTimeoutMs);
    if (options.upstreams !== undefined) return forwardToReady(c, options.upstreams, route.service, options.upstreamTimeoutMs, streams);
    return forward(c, origin, route.service, options.upstreamTimeoutMs, streams);
  });
  return app;
};
