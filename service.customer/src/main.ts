import { loadConfig } from '@micro-ecommerce/pkg/config';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import { loadJwtKey } from './adapters/out/keys/load-jwt-key.js';
import { customerConfigSchema } from './config.js';
import { startCustomerConsumers } from './start-consumers.js';
import { startCustomer } from './start-customer.js';

// Composition root: the only place that reads configuration and builds clients.
const { config, source, overriddenKeys } = loadConfig(customerConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('customer', config.log);
logger.info({ stage: source, overridden_keys: overriddenKeys }, 'configuration loaded');
const telemetry = initTelemetry({ serviceName: 'customer', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'customer' });

const pool = createPool(config.postgres, 'customer', logger);
const redis = createRedis(config.redis.url, logger);
const signingKey = await loadJwtKey(config.services.customer.jwt);

const customer = await startCustomer(config, { logger, pool, redis, signingKey, metrics });
const consumers = await startCustomerConsumers(config, { logger, pool });

onShutdown(logger, [
  // First, so the event in hand finishes while PostgreSQL is still open.
  { name: 'event consumers', run: () => consumers.stop() },
  { name: 'http and grpc servers', run: () => customer.stop() },
  { name: 'postgres', run: () => pool.end() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
