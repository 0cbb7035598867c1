// `make check-invariants`: checks DESIGN.md §6's, §8's and §10's money and stock invariants (scripts/invariants.ts) across the
// databases and exits non-zero on any violation. STAGE defaults to config/local.yaml.
import { infraConfigSchema, loadConfig } from '@micro-ecommerce/pkg/config';
import { createPool, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { findViolations } from './invariants.js';

const { config } = loadConfig(infraConfigSchema, { defaultStage: 'config/local.yaml' });
const pools = new Map<DatabaseName, ReturnType<typeof createPool>>();
const poolFor = (database: DatabaseName) => {
  const pool = pools.get(database) ?? createPool(config.postgres, database);
  pools.set(database, pool);
  return pool;
};
let total = 0;
try {
  for (const { invariant, rows } of await findViolations(async (database, sql) => (await poolFor(database).query(sql)).rows)) {
    total += rows.length;
    console.log(`${rows.length === 0 ? 'ok       ' : 'VIOLATED '} ${invariant.name}${rows.length === 0 ? '' : ` (${rows.length})`}`);
    for (const row of rows.slice(0, 5))
      console.log(`           ${JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
} finally {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
}
console.log(total === 0 ? 'invariants: all hold' : `invariants: ${total} violation(s)`);
process.exitCode = total === 0 ? 0 : 1;
