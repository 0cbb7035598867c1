// After the checkout load: every global transaction the bench started must end CONFIRMED or CANCELLED and satisfy
// the checkout invariants (scripts/checkout-invariants.ts), and the database-wide stock and money invariants
// (scripts/invariants.ts, as `make check-invariants` runs them) must hold.
import { createPool, type DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { findCheckoutViolations } from '../scripts/checkout-invariants.js';
import { findViolations } from '../scripts/invariants.js';

export interface CheckoutVerdict {
  /** Global transactions by state, e.g. { CONFIRMED: 5210 }. */
  states: Record<string, number>;
  /** Cancelled ones by reason. */
  cancelReasons: Record<string, number>;
  /** Orders created since, by status: none may stay PENDING. */
  orders: Record<string, number>;
  /** How long it took until none was left TRYING, CONFIRMING or CANCELLING. */
  settledAfterMs: number;
  checkoutViolations: Array<{ xid: string; problem: string }>;
  invariants: Array<{ name: string; violations: number; examples: unknown[] }>;
  ok: boolean;
}

const NON_TERMINAL = ['TRYING', 'CONFIRMING', 'CANCELLING'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The database's clock now: transactions created from then on are the bench's (the test ports are locked to it). */
export const databaseNow = async (): Promise<Date> => {
  const pool = createPool(testConfig().postgres, 'order');
  try {
    return (await pool.query('SELECT now() AS now')).rows[0].now as Date;
  } finally {
    await pool.end();
  }
};

/** Waits up to `settleMs` for the transactions created since `since` to end, then checks them and the invariants. */
export const verifyCheckouts = async (since: Date, settleMs: number): Promise<CheckoutVerdict> => {
  const config = testConfig().postgres;
  const pools = new Map<DatabaseName, ReturnType<typeof createPool>>();
  const query = async (database: DatabaseName, sql: string, params: unknown[] = []) => {
    const pool = pools.get(database) ?? createPool(config, database);
    pools.set(database, pool);
    return (await pool.query(sql, params)).rows as Record<string, any>[];
  };
  try {
    const started = Date.now();
    const countStates = () =>
      query(
        'order',
        "SELECT state, coalesce(reason, '') AS reason, count(*)::int AS n FROM tcc_global_tx WHERE created_at >= $1 GROUP BY 1, 2",
        [since],
      );
    let rows = await countStates();
    // Recovery finishes what the load left behind (deadline 5 s, a round per second): give it that time.
    while (rows.some((row) => NON_TERMINAL.includes(row.state)) && Date.now() - started < settleMs) {
      await sleep(500);
      rows = await countStates();
    }
    const settledAfterMs = Date.now() - started;
    const states: Record<string, number> = {};
    const cancelReasons: Record<string, number> = {};
    for (const row of rows) {
      states[row.state] = (states[row.state] ?? 0) + row.n;
      if (row.state === 'CANCELLED') cancelReasons[row.reason] = (cancelReasons[row.reason] ?? 0) + row.n;
    }
    const orders = Object.fromEntries(
      (await query('order', 'SELECT status, count(*)::int AS n FROM orders WHERE created_at >= $1 GROUP BY 1', [since])).map((row) => [
        row.status,
        row.n,
      ]),
    );
    const xids = (await query('order', 'SELECT xid FROM tcc_global_tx WHERE created_at >= $1', [since])).map((row) => row.xid as string);
    const checkoutViolations = await findCheckoutViolations(query, xids);
    const invariants = (await findViolations((database, sql) => query(database, sql))).map(({ invariant, rows: found }) => ({
      name: invariant.name,
      violations: found.length,
      examples: found.slice(0, 3),
    }));
    const ok = checkoutViolations.length === 0 && invariants.every((i) => i.violations === 0) && !('PENDING' in orders);
    return { states, cancelReasons, orders, settledAfterMs, checkoutViolations, invariants, ok };
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.end()));
  }
};
