import { resolve } from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';
import type { PostgresConfig } from '../config/index.js';
import { clientConfig } from './create-pool.js';
import { ensureDatabase } from './ensure-database.js';

/** The databases of the cluster, one per service that owns relational data (DESIGN.md §1). */
export const DATABASES = ['customer', 'product', 'order', 'payment'] as const;
export type DatabaseName = (typeof DATABASES)[number];

export interface MigrateOptions {
  config: PostgresConfig;
  database: DatabaseName;
  /** Root folder holding one sub-folder of migrations per database; defaults to ./migrations. */
  migrationsRoot?: string;
  direction?: 'up' | 'down';
  /** How many migrations to apply/revert; all pending (up) or one (down) by default. */
  count?: number;
  logger?: Logger;
}

/**
 * Applies the node-pg-migrate migrations in <migrationsRoot>/<database> to the stage's database, creating it
 * first if the cluster lacks it. Safe to run concurrently and repeatedly: node-pg-migrate holds an advisory
 * lock and skips what already ran. Returns the names applied.
 */
export const migrateDatabase = async (options: MigrateOptions): Promise<string[]> => {
  await ensureDatabase(options.config, options.database);
  const dir = resolve(options.migrationsRoot ?? 'migrations', options.database);
  const direction = options.direction ?? 'up';
  const log = options.logger;
  const applied = await runner({
    databaseUrl: clientConfig(options.config, options.database),
    dir,
    direction,
    count: options.count ?? (direction === 'up' ? Infinity : 1),
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    logger: {
      debug: () => {},
      info: (msg: string) => log?.debug({ database: options.database }, msg),
      warn: (msg: string) => log?.warn({ database: options.database }, msg),
      error: (msg: string) => log?.error({ database: options.database }, msg),
    },
  });
  return applied.map((m) => m.name);
};
