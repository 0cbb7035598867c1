// Composition root of the local gateway: the stand-in for the Istio ingress on 127.0.0.1:8080.
import { loadConfig, loadRouteTable } from '@micro-ecommerce/pkg/config';
import { serveHttp } from '@micro-ecommerce/pkg/http';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { gatewayConfigSchema } from './config.js';
import { createGateway } from './create-gateway.js';
import { OpenStreams } from './forward.js';

const { config } = loadConfig(gatewayConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('gateway', config.log);
const telemetry = initTelemetry({ serviceName: 'gateway', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'gateway' });
const origins = Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, `http://${s.http.host}:${s.http.port}`]));
const streams = new OpenStreams();
const app = createGateway({
  routes: loadRouteTable(config.gateway.routes_file),
  origins,
  upstreamTimeoutMs: config.gateway.upstream_timeout_ms,
  logger,
  metrics,
  streams,
});
const server = await serveHttp(app, config.gateway.http);
logger.info({ port: server.port }, 'gateway listening');
onShutdown(logger, [
  // Event streams never end on their own and the server waits for open responses: end them first.
  { name: 'event streams', run: async () => streams.closeAll() },
  { name: 'http', run: () => server.close() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
