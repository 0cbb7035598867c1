import { createPool, DATABASES, type DatabaseName, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { findViolations } from './invariants.js';

const config = testConfig();
const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(config.postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;
afterAll(() => Promise.all(Object.values(pools).map((pool) => pool.end())));

// Each case breaks an invariant inside a transaction that is rolled back, and checks through that same
// transaction, so the shared databases are never left inconsistent.
const violationsWhile = async (database: DatabaseName, breakIt: (client: PoolClient) => Promise<unknown>) => {
  const client = await pools[database].connect();
  try {
    await client.query('BEGIN');
    await breakIt(client);
    return await findViolations(async (db, sql) => (db === database ? (await client.query(sql)).rows : (await pools[db].query(sql)).rows));
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
};
const violated = (results: Awaited<ReturnType<typeof findViolations>>) =>
  results.filter((r) => r.rows.length > 0).map((r) => r.invariant.name);

describe('check-invariants', () => {
  it('finds money that no top-up explains', async () => {
    const results = await violationsWhile('payment', (client) =>
      client.query('insert into wallets (customer_id, balance_cents) values ($1, 500)', [crypto.randomUUID()]),
    );
    expect(violated(results)).toContain('per wallet: balance + frozen + debited = succeeded top-ups');
  });

  it('finds stock that no adjustment explains', async () => {
    const results = await violationsWhile('product', (client) =>
      client.query(`insert into skus (product_id, price_cents, available) values ('test-product', 100, 7)`),
    );
    expect(violated(results)).toContain('per SKU: available + reserved + sold = initial stock + adjustments');
  });
});
