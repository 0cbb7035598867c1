import { createPool, DATABASES, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { findCheckoutViolations } from './checkout-invariants.js';

const pools = Object.fromEntries(DATABASES.map((db) => [db, createPool(testConfig().postgres, db)])) as Record<
  DatabaseName,
  ReturnType<typeof createPool>
>;
afterAll(() => Promise.all(Object.values(pools).map((pool) => pool.end())));

// The broken rows live in an order-database transaction that is rolled back (and never seen by a recovery
// worker, being uncommitted); the check reads the order database through that same transaction.
const violationsWith = async (rows: { xid: string; state: string; reason: string | null }[]) => {
  const client = await pools.order.connect();
  try {
    await client.query('BEGIN');
    for (const row of rows)
      await client.query(
        `insert into tcc_global_tx (xid, state, branches, reason, deadline, next_attempt_at)
         values ($1, $2, '[]'::jsonb, $3, now() + interval '1 hour', now() + interval '1 hour')`,
        [row.xid, row.state, row.reason],
      );
    return await findCheckoutViolations(
      async (db, sql, params) => (db === 'order' ? await client.query(sql, params) : await pools[db].query(sql, params)).rows,
      rows.map((row) => row.xid),
    );
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
};

describe('checkout invariants', () => {
  it('flags a transaction left TRYING and one CONFIRMED without order, debit or sold stock', async () => {
    const trying = crypto.randomUUID();
    const confirmed = crypto.randomUUID();
    const violations = await violationsWith([
      { xid: trying, state: 'TRYING', reason: null },
      { xid: confirmed, state: 'CONFIRMED', reason: null },
    ]);
    // Rows come back in xid order, and the xids are random: compare as a set.
    expect(violations).toHaveLength(4);
    expect(violations).toEqual(
      expect.arrayContaining([
        { xid: trying, problem: 'not terminal: TRYING' },
        { xid: confirmed, problem: 'confirmed but the order is missing' },
        { xid: confirmed, problem: expect.stringMatching(/^confirmed with 0 SUCCEEDED debit/) },
        { xid: confirmed, problem: 'confirmed but its units are not sold' },
      ]),
    );
  });

  it('accepts a cancelled transaction that moved nothing and names one that is unknown', async () => {
    const cancelled = crypto.randomUUID();
    expect(await violationsWith([{ xid: cancelled, state: 'CANCELLED', reason: 'TIMEOUT' }])).toEqual([]);
    const unknown = crypto.randomUUID();
    expect(await findCheckoutViolations(async (db, sql, params) => (await pools[db].query(sql, params)).rows, [unknown])).toEqual([
      { xid: unknown, problem: 'no global transaction' },
    ]);
  });
});
