// DESIGN.md §6's invariants as SQL, one query per invariant returning one row per violation. Each holds after
// every committed local transaction, so they can be checked at any time, also while the system runs.
import type { DatabaseName } from '@micro-ecommerce/pkg/postgres';

interface Invariant {
  name: string;
  database: DatabaseName;
  /** Returns one row per violation; `id` names the offender. */
  sql: string;
}

export const INVARIANTS: Invariant[] = [
  {
    name: 'per SKU: available + reserved + sold = initial stock + adjustments',
    database: 'product',
    sql: `SELECT s.id, s.available + s.reserved + s.sold AS stock, coalesce(a.total, 0) AS adjustments
            FROM skus s LEFT JOIN (SELECT sku_id, sum(delta) AS total FROM stock_adjustments GROUP BY sku_id) a ON a.sku_id = s.id
           WHERE s.available + s.reserved + s.sold <> coalesce(a.total, 0)`,
  },
  {
    name: 'per SKU: no negative available, reserved or sold',
    database: 'product',
    sql: `SELECT id, available, reserved, sold FROM skus WHERE available < 0 OR reserved < 0 OR sold < 0`,
  },
  {
    name: 'per wallet: balance + frozen + debited = succeeded top-ups',
    database: 'payment',
    sql: `SELECT w.customer_id AS id, w.balance_cents + w.frozen_cents + w.debited_cents AS held, coalesce(t.total, 0) AS topped_up
            FROM wallets w LEFT JOIN (SELECT customer_id, sum(amount_cents) AS total FROM payments
                                       WHERE kind = 'TOPUP' AND status = 'SUCCEEDED' GROUP BY customer_id) t ON t.customer_id = w.customer_id
           WHERE w.balance_cents + w.frozen_cents + w.debited_cents <> coalesce(t.total, 0)`,
  },
  {
    name: 'per wallet: no negative balance, frozen or debited',
    database: 'payment',
    sql: `SELECT customer_id AS id FROM wallets WHERE balance_cents < 0 OR frozen_cents < 0 OR debited_cents < 0`,
  },
];

export interface Violations {
  invariant: Invariant;
  rows: Record<string, unknown>[];
}

/** Runs every invariant through `query` (which picks the database) and returns what each one found. */
export const findViolations = async (
  query: (database: DatabaseName, sql: string) => Promise<Record<string, unknown>[]>,
): Promise<Violations[]> => {
  const results: Violations[] = [];
  for (const invariant of INVARIANTS) results.push({ invariant, rows: await query(invariant.database, invariant.sql) });
  return results;
};
