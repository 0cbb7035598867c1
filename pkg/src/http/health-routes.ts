import type { Hono } from 'hono';
import { isShuttingDown } from '../lifecycle/shutdown-state.js';
import type { AppEnv } from './app-env.js';

/** A named dependency check for /readyz; it throws (or rejects) when the dependency is unreachable. */
export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

const withTimeout = (check: ReadinessCheck): Promise<unknown> =>
  Promise.race([
    check(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);

/**
 * /healthz answers while the process runs (liveness); /readyz runs every dependency check and answers 503
 * naming the failing ones, or while the service drains: from the termination signal on (isShuttingDown), even
 * before the service's own stop flips `isDraining`, so balancers stop sending while in-flight work finishes.
 */
export const mountHealthRoutes = (app: Hono<AppEnv>, checks: Record<string, ReadinessCheck>, isDraining: () => boolean): void => {
  app.get('/healthz', (c) => c.json({ data: { status: 'ok' } }));
  app.get('/readyz', async (c) => {
    if (isDraining() || isShuttingDown()) return c.json({ data: { status: 'draining', checks: {} } }, 503);
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((name) => withTimeout(checks[name]!)));
    const report: Record<string, string> = {};
    names.forEach((name, i) => {
      const result = results[i]!;
      report[name] = result.status === 'fulfilled' ? 'ok' : String((result.reason as Error)?.message ?? result.reason);
    });
    const ready = results.every((r) => r.status === 'fulfilled');
    return c.json({ data: { status: ready ? 'ready' : 'not_ready', checks: report } }, ready ? 200 : 503);
  });
};
