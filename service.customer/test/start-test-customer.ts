import { loadConfig } from '@micro-ecommerce/pkg/config';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { pino } from 'pino';
import { loadJwtKey } from '../src/adapters/out/keys/load-jwt-key.js';
import { customerConfigSchema, type CustomerConfig, type CustomerSection } from '../src/config.js';
import { startCustomer, type RunningCustomer } from '../src/start-customer.js';

/** The test stage's customer config on free ports, with `overrides` applied to the service's own section. */
export const testCustomerConfig = (overrides: Partial<CustomerSection> = {}): CustomerConfig => {
  const { config } = loadConfig(customerConfigSchema, { defaultStage: 'config/test.yaml' });
  const section = config.services.customer;
  return {
    ...config,
    services: {
      ...config.services,
      customer: {
        ...section,
        http: { host: '127.0.0.1', port: 0 },
        grpc: { host: '127.0.0.1', port: 0 },
        ...overrides,
      },
    },
  };
};

export interface TestCustomer extends RunningCustomer {
  config: CustomerConfig;
  baseUrl: string;
  grpcAddress: string;
  /** Stops the servers and closes the clients this helper opened. */
  close(): Promise<void>;
}

/**
 * Starts the customer service in-process against the real PostgreSQL and Redis of the test stage. Given
 * `metrics` (initMetrics, once per test file), it serves them at GET /metrics.
 */
export const startTestCustomer = async (config: CustomerConfig, options: { metrics?: Metrics } = {}): Promise<TestCustomer> => {
  const logger = pino({ level: 'silent' });
  const pool = createPool(config.postgres, 'customer');
  const redis = createRedis(config.redis.url);
  const signingKey = await loadJwtKey(config.services.customer.jwt);
  const running = await startCustomer(config, { logger, pool, redis, signingKey, metrics: options.metrics });
  return {
    ...running,
    config,
    baseUrl: `http://127.0.0.1:${running.httpPort}`,
    grpcAddress: `127.0.0.1:${running.grpcPort}`,
    close: async () => {
      await running.stop();
      await Promise.all([pool.end(), redis.quit()]);
    },
  };
};
