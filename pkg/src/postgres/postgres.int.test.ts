import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing/index.js';
import { createPool, DATABASES, migrateDatabase, withTransaction } from './index.js';

const config = testConfig();
const pool = createPool(config.postgres, 'payment');
afterAll(() => pool.end());

describe('postgres', () => {
  it('has applied the migrations of all four databases, and running them again changes nothing', async () => {
    for (const database of DATABASES) {
      expect(await migrateDatabase({ config: config.postgres, database })).toEqual([]);
      const db = createPool(config.postgres, database);
      const { rows } = await db.query<{ name: string }>('select name from pgmigrations order by run_on');
      await db.end();
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it('commits the work of a transaction and reads int8 as bigint', async () => {
    const customerId = crypto.randomUUID();
    const amount = 9007199254740993n.toString();
    // A wallet and the top-up that explains its balance, so `make check-invariants` still holds afterwards.
    await withTransaction(pool, async (client) => {
      await client.query('insert into wallets (customer_id, balance_cents) values ($1, $2)', [customerId, amount]);
      await client.query(`insert into payments (customer_id, kind, amount_cents, status) values ($1, 'TOPUP', $2, 'SUCCEEDED')`, [
        customerId,
        amount,
      ]);
    });
    const { rows } = await pool.query('select balance_cents from wallets where customer_id = $1', [customerId]);
    expect(rows[0].balance_cents).toBe(9007199254740993n);
  });

  it('rolls back everything when the work throws', async () => {
    const customerId = crypto.randomUUID();
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('insert into wallets (customer_id) values ($1)', [customerId]);
        throw new Error('payment provider said no');
      }),
    ).rejects.toThrow('payment provider said no');
    const { rowCount } = await pool.query('select 1 from wallets where customer_id = $1', [customerId]);
    expect(rowCount).toBe(0);
  });

  it('enforces the money invariants in the schema', async () => {
    // Frozen and debited money is never negative; the balance may be (a commission reversal's debt).
    for (const column of ['frozen_cents', 'debited_cents'])
      await expect(pool.query(`insert into wallets (customer_id, ${column}) values ($1, -1)`, [crypto.randomUUID()])).rejects.toThrow(
        /check constraint/,
      );
  });
});
