export { createPool, clientConfig, stageDatabase } from './create-pool.js';
export { ensureDatabase } from './ensure-database.js';
export { withTransaction, type IsolationLevel } from './with-transaction.js';
export { migrateDatabase, DATABASES, type DatabaseName, type MigrateOptions } from './migrate.js';
export type { Pool, PoolClient } from 'pg';
