import { matchRoute, type Route } from '@micro-ecommerce/pkg/config';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { createHttpApp, type AppEnv } from '@micro-ecommerce/pkg/http';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { mountDocs } from './docs.js';
import { forward } from './forward.js';

export interface GatewayOptions {
  routes: readonly Route[];
  /** Base URL of each service's HTTP port, e.g. { cart: 'http://127.0.0.1:8103' }. */
  origins: Record<string, string>;
  upstreamTimeoutMs: number;
  logger: Logger;
  /** The gateway's own metrics, served at its GET /metrics (never forwarded to a service). */
  metrics?: Metrics;
}

/** HEAD is served wherever GET is (HTTP semantics; hono answers it from the GET handler). */
const allowedMethods = (route: Route): string[] => (route.methods.includes('GET') ? [...route.methods, 'HEAD'] : [...route.methods]);

/** A method the route's service does not serve (TRACE, CONNECT, ...) is answered here: 405 with Allow. */
const refuseUnservedMethod = (c: Context<AppEnv>, route: Route): void => {
  const allow = allowedMethods(route);
  if (allow.includes(c.req.method)) return;
  c.header('Allow', allow.join(', '));
  throw new AppError('UNIMPLEMENTED', `${c.req.method} is not served on ${route.prefix}`, {
    reason: 'METHOD_NOT_ALLOWED',
    httpStatus: 405,
    details: { allow },
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
  });
  const documented = Object.fromEntries(
    [...new Set(options.routes.map((r) => r.service))].map((service) => [service, options.origins[service]!]),
  );
  mountDocs(app, documented, options.upstreamTimeoutMs);
  app.all('*', (c) => {
    const route = matchRoute(options.routes, c.req.path);
    if (route === undefined) throw new AppError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`);
    refuseUnservedMethod(c, route);
    const origin = options.origins[route.service];
    if (origin === undefined)
      throw new AppError('UNAVAILABLE', `no address for ${route.service}`, { reason: 'BAD_GATEWAY', httpStatus: 502 });
    return forward(c, origin, route.service, options.upstreamTimeoutMs);
  });
  return app;
};
