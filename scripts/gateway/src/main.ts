// Composition root of the local gateway: the stand-in for the Istio ingress on 127.0.0.1:8080.
import { edgeBodyLimit, httpOriginsOf, loadConfig, loadRouteTable, SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { serveHttp } from '@micro-ecommerce/pkg/http';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { gatewayConfigSchema } from './config.js';
import { createGateway } from './create-gateway.js';
import { OpenStreams } from './forward.js';
import { Upstreams } from './upstreams.js';
import { createEdgeRateLimit } from './rate-limit/edge-rate-limit.js';

const { config } = loadConfig(gatewayConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('gateway', config.log);
const telemetry = initTelemetry({ serviceName: 'gateway', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'gateway' });
const origins = Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, `http://${s.http.host}:${s.http.port}`]));
const streams = new OpenStreams();
// Every slot of every service (local replicas and the spare of a rolling restart), polled for readiness.
const upstreams = new Upstreams(
  Object.fromEntries(SERVICE_NAMES.map((name) => [name, httpOriginsOf(config.services[name].http, config.replicas?.[name])])),
  { logger },
).start();
const rateLimit = createEdgeRateLimit(config, logger);
const app = createGateway({
  routes: loadRouteTable(config.gateway.routes_file),
  origins,
  upstreamTimeoutMs: config.gateway.upstream_timeout_ms,
  logger,
  metrics,
  streams,
  rateLimit,
  upstreams,
  maxBodyBytes: edgeBodyLimit(config),
});
const server = await serveHttp(app, config.gateway.http, config.http_limits);
logger.info({ port: server.port }, 'gateway listening');
onShutdown(logger, [
  // Event streams never end on their own and the server waits for open responses: end them first.
  { name: 'event streams', run: async () => streams.closeAll() },
  { name: 'http', run: () => server.close() },
  { name: 'readiness polling', run: () => upstreams.stop() },
  { name: 'rate limit', run: () => rateLimit.close() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
