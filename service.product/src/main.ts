import { createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { ConfigError, loadConfig } from '@micro-ecommerce/pkg/config';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { createMongo } from '@micro-ecommerce/pkg/mongodb';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { exitAtStep } from '@micro-ecommerce/pkg/tcc';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { createProductEventChecker } from './adapters/out/postgres/product-event-checker.js';
import { productConfigSchema } from './config.js';
import { startProductConsumers } from './start-consumers.js';
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

// Test only (crash-recovery tests): dies like a killed process at the named step of a TCC phase or a stock return.
const crashAt = exitAtStep(config.services.product.crash_at, logger);
// StockReturned (transactional, checked back from the stock ledger) and SkuViewsChanged (normal). Started before
// the consumer: a return cannot run without it, and check-backs need the checker listening.
const producer = new EventProducer({
  config: config.rocketmq,
  topics: [TOPICS.productEvents, TOPICS.catalogEvents],
  checker: createProductEventChecker(pool),
  logger,
});

try {
  await producer.start();
  const running = await startProduct(config.services.product, {
    logger,
    pool,
    mongo,
    verifyToken,
    crashAt,
    metrics,
    producer,
    limits: config,
  });
  const consumers = await startProductConsumers(config, { logger, pool, producer, skuViews: running.skuViews, crashAt });
  logger.info(
    { stage: source, overridden_keys: overriddenKeys, http_port: running.httpPort, grpc_port: running.grpcPort },
    'product service started',
  );
  onShutdown(logger, [
    // First, so the return in hand finishes (and reports its SKUs to the feed) while everything is still open.
    { name: 'event consumers', run: () => consumers.stop() },
    // Drains the servers, then flushes the SKU view feed once more (the changes of the drained requests included).
    { name: 'servers and sku view feed', run: running.stop },
    { name: 'rocketmq producer', run: () => producer.stop() },
    { name: 'postgres', run: () => pool.end() },
    { name: 'mongodb', run: () => mongo.close() },
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'metrics', run: () => metrics.shutdown() },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'product service failed to start');
  await Promise.allSettled([producer.stop(), pool.end(), mongo.close(), telemetry.shutdown(), metrics.shutdown()]);
  process.exit(1);
}
