// `make migrate`: applies every database's migrations (STAGE defaults to config/local.yaml).
// `make migrate-down db=order` reverts the newest migration of one database.
import { infraConfigSchema, loadConfig } from '@micro-ecommerce/pkg/config';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { DATABASES, migrateDatabase, type DatabaseName } from '@micro-ecommerce/pkg/postgres';

const [direction = 'up', only] = process.argv.slice(2);
if (direction !== 'up' && direction !== 'down') throw new Error(`usage: migrate.ts [up|down] [database]`);
if (only !== undefined && !(DATABASES as readonly string[]).includes(only)) throw new Error(`unknown database ${only}`);

const { config } = loadConfig(infraConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('migrate', { ...config.log, pretty: false });
const targets: readonly DatabaseName[] = only === undefined ? DATABASES : [only as DatabaseName];

for (const database of targets) {
  const applied = await migrateDatabase({ config: config.postgres, database, direction, logger });
  console.log(`${database}: ${applied.length === 0 ? 'up to date' : `${direction} ${applied.join(', ')}`}`);
}
