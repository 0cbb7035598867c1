import pg from 'pg';
import type { Logger } from 'pino';
import type { PostgresConfig } from '../config/index.js';
import { tracePool } from './trace-pool.js';

// bigint (int8) columns hold money and stock counts: parse them as BigInt-safe strings, never as floats.
// Callers convert with Number() only where the value is known to fit, or keep bigint.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => BigInt(value));

/** A database's name in the cluster for this stage: customer, or customer_test with the test stage's suffix. */
export const stageDatabase = (config: PostgresConfig, database: string): string => `${database}${config.database_suffix}`;

/**
 * A pg connection pool to one database of the cluster (named for the stage: see stageDatabase); idle-client errors are logged, not fatal. Every query
 * made inside a span gets a CLIENT span of its own.
 */
export const createPool = (config: PostgresConfig, database: string, logger?: Logger): pg.Pool => {
  const pool = new pg.Pool({
    ...clientConfig(config, database),
    max: config.pool_max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'micro-ecommerce',
  });
  pool.on('error', (error) => logger?.error({ err: error, database }, 'idle postgres client failed'));
  return tracePool(pool, { host: config.host, port: config.port, database: stageDatabase(config, database) });
};

/** The pg client config of one database (named for the stage), for tools that open their own connection. */
export const clientConfig = (config: PostgresConfig, database: string): pg.ClientConfig => ({
  host: config.host,
  port: config.port,
  user: config.user,
  password: config.password,
  database: stageDatabase(config, database),
});
