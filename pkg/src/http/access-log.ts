import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from './app-env.js';

/** Binds a request-scoped logger and writes one access-log line per request (health probes and scrapes at debug). */
export const accessLog =
  (logger: Logger): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const started = performance.now();
    const log = logger.child({ request_id: c.var.requestId });
    c.set('log', log);
    await next();
    const path = c.req.path;
    const line = {
      method: c.req.method,
      path,
      status: c.res.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (path === '/healthz' || path === '/readyz' || path === '/metrics') log.debug(line, 'access');
    else log.info(line, 'access');
  };
