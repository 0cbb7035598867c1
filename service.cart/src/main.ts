import { createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient, TargetCircuit } from '@micro-ecommerce/pkg/grpc';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { cartConfigSchema } from './config.js';
import { startCart } from './start-cart.js';
import { startCartConsumers } from './start-consumers.js';

// Composition root: the only place that reads configuration and builds clients.
const { config, source, overriddenKeys } = loadConfig(cartConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('cart', config.log);
logger.info({ stage: source, overridden_keys: overriddenKeys }, 'configuration loaded');
const telemetry = initTelemetry({ serviceName: 'cart', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'cart' });

const redis = createRedis(config.redis.url, logger);
const product = createGrpcClient(ProductServiceClient, config.addresses.product, {
  grpc: config.grpc,
  circuit: new TargetCircuit('product', config.grpc.circuit_breaker, logger),
});
const verifyToken = createTokenVerifier({
  keys: { jwksUrl: config.auth.jwks_url },
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});

const cart = await startCart(config.services.cart, { logger, redis, product, verifyToken, metrics, limits: config });
const consumers = await startCartConsumers(config, { logger, redis });

onShutdown(logger, [
  // First, so the event in hand finishes while Redis is still open.
  { name: 'event consumers', run: () => consumers.stop() },
  { name: 'http and grpc servers', run: () => cart.stop() },
  { name: 'product client', run: async () => product.close() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
