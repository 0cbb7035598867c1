// The `migrate` init container of every PostgreSQL-using Deployment (infrastructure/manifests/services):
//   node pkg/dist/postgres/migrate-main.js <database>
// applies the pending migrations of ./migrations/<database> (the image's /app/migrations/<database>) with the
// connection of the stage config, so the service container starts against an up-to-date schema. Replicas
// starting together are safe: node-pg-migrate's advisory lock lets one apply and the others find nothing left.
import { infraConfigSchema, loadConfig } from '../config/index.js';
import { createLogger } from '../logger/index.js';
import { DATABASES, migrateDatabase, type DatabaseName } from './migrate.js';

const isDatabase = (name: string | undefined): name is DatabaseName => (DATABASES as readonly (string | undefined)[]).includes(name);

const database = process.argv[2];
if (!isDatabase(database)) {
  console.error(`usage: node pkg/dist/postgres/migrate-main.js <${DATABASES.join('|')}>`);
  process.exit(2);
}

// A bad or missing config throws here and exits non-zero with the list of bad keys.
const { config, source } = loadConfig(infraConfigSchema, { defaultStage: 'config/local.yaml' });
const logger = createLogger('migrate', config.log);

try {
  const applied = await migrateDatabase({ config: config.postgres, database, logger });
  logger.info({ stage: source, database, applied }, applied.length === 0 ? 'schema up to date' : 'migrations applied');
} catch (error) {
  logger.error({ err: error, database }, 'migration failed');
  // exitCode rather than exit(): lets pino finish writing the line above.
  process.exitCode = 1;
}
