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
const rowsOf = (results: Awaited<ReturnType<typeof findViolations>>, name: string) =>
  results.find((r) => r.invariant.name === name)?.rows ?? [];
const WALLET_SUM = 'per wallet: balance + frozen + debited = succeeded top-ups + commissions - taken reversals';

describe('check-invariants', () => {
  it('finds money that no top-up explains', async () => {
    const results = await violationsWhile('payment', (client) =>
      client.query('insert into wallets (customer_id, balance_cents) values ($1, 500)', [crypto.randomUUID()]),
    );
    expect(violated(results)).toContain(WALLET_SUM);
  });

  it('counts commissions and what reversals took (not their shortfall) in the wallet sum', async () => {
    const customerId = crypto.randomUUID();
    const results = await violationsWhile('payment', async (client) => {
      // 500 credited, 200 of it taken back (300 short): 300 left.
      await client.query('insert into wallets (customer_id, balance_cents) values ($1, 300)', [customerId]);
      await client.query(
        `insert into payments (customer_id, kind, amount_cents, status, order_id, shortfall_cents)
         values ($1, 'COMMISSION', 500, 'SUCCEEDED', $2, 0), ($1, 'COMMISSION_REVERSAL', 500, 'SUCCEEDED', $2, 300)`,
        [customerId, crypto.randomUUID()],
      );
    });
    expect(rowsOf(results, WALLET_SUM).map((row) => row.id)).not.toContain(customerId);
  });

  it('finds a refund of another amount than its debit, and a refund of a debit that was not debited', async () => {
    const customerId = crypto.randomUUID();
    const [debited, frozen, shortRefund] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const results = await violationsWhile('payment', async (client) => {
      await client.query('insert into wallets (customer_id, balance_cents) values ($1, 0)', [customerId]);
      await client.query(
        `insert into payments (customer_id, kind, amount_cents, status, reference, xid, order_id)
         values ($1, 'DEBIT', 500, 'SUCCEEDED', $2, $2, null), ($1, 'REFUND', 400, 'SUCCEEDED', $2, null, $4),
                ($1, 'DEBIT', 700, 'PENDING', $3, $3, null), ($1, 'REFUND', 700, 'SUCCEEDED', $3, null, $5)`,
        [customerId, debited, frozen, shortRefund, crypto.randomUUID()],
      );
    });
    expect(rowsOf(results, 'per order: at most one REFUND, of its DEBIT amount').map((row) => row.id)).toContain(shortRefund);
    const undebited = rowsOf(results, 'per REFUND: its DEBIT (same xid and wallet) was debited').map((row) => row.xid);
    expect(undebited).toContain(frozen);
    expect(undebited).not.toContain(debited);
  });

  it('finds stock that no adjustment explains', async () => {
    const results = await violationsWhile('product', (client) =>
      client.query(`insert into skus (product_id, price_cents, available) values ('test-product', 100, 7)`),
    );
    expect(violated(results)).toContain('per SKU: available + reserved + sold = initial stock + adjustments');
  });
});
