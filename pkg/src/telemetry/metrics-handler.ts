import type { Handler } from 'hono';
import type { Metrics } from './init-metrics.js';

/** Prometheus' text exposition format, the one the exporter writes. */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** GET /metrics: the process's metrics for a Prometheus scrape, served by the service's own hono app. */
export const metricsHandler =
  (metrics: Pick<Metrics, 'scrape'>): Handler =>
  async (c) =>
    c.body(await metrics.scrape(), 200, { 'content-type': CONTENT_TYPE });
