import { createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { ConfigError, loadConfig } from '@micro-ecommerce/pkg/config';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { exitAtStep } from '@micro-ecommerce/pkg/tcc';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { productConfigSchema } from './config.js';
import { startProduct } from './start-product.js';

// Composition root: configuration, clients, servers, shutdown. Everything else is wired in startProduct.
const load = () => {
  try {
    return loadConfig(productConfigSchema, { defaultStage: 'config/local.yaml' });
  } catch (error) {
    // A bad stage file is an operator's mistake: say which keys, without a stack trace.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
};

const { config, source, overriddenKeys } = load();
const logger = createLogger('product', config.log);
const telemetry = initTelemetry({ serviceName: 'product', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'product' });
const pool = createPool(config.postgres, 'product', logger);
const mongo = createMongo(config.mongodb.url);
const verifyToken = createTokenVerifier({
  keys: { jwksUrl: config.auth.jwks_url },
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});

// Test only (crash-recovery tests): dies like a killed process at the named step of a TCC phase.
const crashAt = exitAtStep(config.services.product.crash_at, logger);

try {
  const running = await startProduct(config.services.product, { logger, pool, mongo, verifyToken, crashAt, metrics });
  logger.info(
    { stage: source, overridden_keys: overriddenKeys, http_port: running.httpPort, grpc_port: running.grpcPort },
    'product service started',
  );
  onShutdown(logger, [
    { name: 'servers', run: running.stop },
    { name: 'postgres', run: () => pool.end() },
    { name: 'mongodb', run: () => mongo.close() },
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'metrics', run: () => metrics.shutdown() },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'product service failed to start');
  await Promise.allSettled([pool.end(), mongo.close(), telemetry.shutdown(), metrics.shutdown()]);
  process.exit(1);
}
