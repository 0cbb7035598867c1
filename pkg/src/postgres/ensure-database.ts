import pg from 'pg';
import type { PostgresConfig } from '../config/index.js';
import { stageDatabase } from './create-pool.js';

// Another process creating the same database at the same moment: duplicate_database, or the unique index
// of pg_database when both passed the existence check.
const ALREADY_CREATED = new Set(['42P04', '23505']);

/**
 * Creates the stage's database (e.g. order_test) when the cluster does not have it yet, connected to the
 * `postgres` maintenance database. Idempotent and safe to run concurrently.
 */
export const ensureDatabase = async (config: PostgresConfig, database: string): Promise<void> => {
  const name = stageDatabase(config, database);
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount !== 0) return;
    // Identifiers cannot be bound: the name is a fixed database name plus a suffix the config schema limits to [a-z0-9_].
    await client.query(`create database "${name}"`).catch((error: { code?: string }) => {
      if (!ALREADY_CREATED.has(error.code ?? '')) throw error;
    });
  } finally {
    await client.end();
  }
};
