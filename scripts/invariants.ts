// DESIGN.md §6's, §8's and §10's invariants, one query (or, across databases, one check) per invariant returning one
// row per violation. Each holds after every committed local transaction, so they can be checked at any time, also
// while the system runs.
import type { DatabaseName } from '@micro-ecommerce/pkg/postgres';
import { findUnexplainedMoney, type Query } from './money-conservation.js';

interface SqlInvariant {
  name: string;
  database: DatabaseName;
  /** Returns one row per violation; `id` names the offender. */
  sql: string;
}

/** An invariant that reads more than one database (each read is one query through `query`). */
interface CrossDatabaseInvariant {
  name: string;
  find: (query: Query) => Promise<Record<string, unknown>[]>;
}

type Invariant = SqlInvariant | CrossDatabaseInvariant;

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
    // Debits and refunds only move money inside the wallet (balance -> frozen -> debited -> balance).
    name: 'per wallet: balance + frozen + debited = succeeded top-ups + commissions - taken reversals',
    database: 'payment',
    sql: `SELECT w.customer_id AS id, w.balance_cents + w.frozen_cents + w.debited_cents AS held, coalesce(t.total, 0) AS credited
            FROM wallets w LEFT JOIN (SELECT customer_id,
                                             sum(CASE kind WHEN 'COMMISSION_REVERSAL' THEN shortfall_cents - amount_cents ELSE amount_cents END) AS total
                                        FROM payments WHERE kind IN ('TOPUP', 'COMMISSION', 'COMMISSION_REVERSAL') AND status = 'SUCCEEDED'
                                       GROUP BY customer_id) t ON t.customer_id = w.customer_id
           WHERE w.balance_cents + w.frozen_cents + w.debited_cents <> coalesce(t.total, 0)`,
  },
  {
    name: 'per order: at most one REFUND, of its DEBIT amount',
    database: 'payment',
    sql: `SELECT order_id AS id, count(*) AS refunds FROM payments WHERE kind = 'REFUND' GROUP BY order_id HAVING count(*) > 1
          UNION ALL
          SELECT r.order_id, 1 FROM payments r JOIN payments d ON d.kind = 'DEBIT' AND d.xid = r.reference
           WHERE r.kind = 'REFUND' AND d.amount_cents <> r.amount_cents`,
  },
  {
    name: 'per REFUND: its DEBIT (same xid and wallet) was debited',
    database: 'payment',
    sql: `SELECT r.order_id AS id, r.reference AS xid, d.status AS debit_status
            FROM payments r LEFT JOIN payments d ON d.kind = 'DEBIT' AND d.xid = r.reference AND d.customer_id = r.customer_id
           WHERE r.kind = 'REFUND' AND (d.id IS NULL OR d.status <> 'SUCCEEDED')`,
  },
  {
    // A balance goes below zero only when a commission reversal takes back a commission already spent (a debt).
    name: 'per wallet: no negative frozen or debited, and a negative balance only after a commission reversal',
    database: 'payment',
    sql: `SELECT w.customer_id AS id, w.balance_cents, w.frozen_cents, w.debited_cents FROM wallets w
           WHERE w.frozen_cents < 0 OR w.debited_cents < 0
              OR (w.balance_cents < 0
                  AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = w.customer_id AND p.kind = 'COMMISSION_REVERSAL'))`,
  },
  {
    name: 'per customer: balance + frozen + debited <= succeeded top-ups + commissions of orders kept (SHIPPED, DELIVERED)',
    find: findUnexplainedMoney,
  },
  {
    name: 'per order: at most one COMMISSION and one COMMISSION_REVERSAL, the reversal of the commission amount',
    database: 'payment',
    sql: `SELECT order_id AS id, kind, count(*) AS rows FROM payments WHERE kind IN ('COMMISSION', 'COMMISSION_REVERSAL')
           GROUP BY order_id, kind HAVING count(*) > 1
          UNION ALL
          SELECT r.order_id, 'COMMISSION_REVERSAL', 1 FROM payments r LEFT JOIN payments c ON c.kind = 'COMMISSION' AND c.order_id = r.order_id
           WHERE r.kind = 'COMMISSION_REVERSAL' AND (c.id IS NULL OR c.amount_cents <> r.amount_cents OR c.customer_id <> r.customer_id)`,
  },
  {
    // Only a confirm moves units to sold and only a return moves them back, so sold is fully explained.
    name: 'per SKU: sold = units of confirmed reservations - returned units',
    database: 'product',
    sql: `SELECT s.id, s.sold, coalesce(c.units, 0) AS confirmed, coalesce(r.units, 0) AS returned
            FROM skus s
            LEFT JOIN (SELECT sr.sku_id, sum(sr.quantity) AS units FROM stock_reservations sr
                        WHERE EXISTS (SELECT 1 FROM tcc_barrier b WHERE b.xid = sr.xid AND b.branch_id = 'stock' AND b.phase = 'confirm')
                        GROUP BY sr.sku_id) c ON c.sku_id = s.id
            LEFT JOIN (SELECT sku_id, sum(quantity) AS units FROM stock_adjustments WHERE kind = 'RETURN' GROUP BY sku_id) r ON r.sku_id = s.id
           WHERE s.sold <> coalesce(c.units, 0) - coalesce(r.units, 0)`,
  },
  {
    name: 'per RETURN: the units its checkout sold of that SKU, returned once',
    database: 'product',
    sql: `SELECT a.order_id AS id, a.sku_id, a.quantity, r.quantity AS reserved
            FROM stock_adjustments a LEFT JOIN stock_reservations r ON r.xid = a.xid AND r.sku_id = a.sku_id
           WHERE a.kind = 'RETURN'
             AND (r.xid IS NULL OR r.quantity <> a.quantity
                  OR NOT EXISTS (SELECT 1 FROM tcc_barrier b WHERE b.xid = a.xid AND b.branch_id = 'stock' AND b.phase = 'confirm'))`,
  },
  {
    name: 'per order: its status is the one its latest history row announced',
    database: 'order',
    sql: `SELECT o.id, o.status, h.status AS history_status
            FROM orders o LEFT JOIN LATERAL (SELECT status FROM order_status_history WHERE order_id = o.id ORDER BY seq DESC LIMIT 1) h ON true
           WHERE o.status <> 'PENDING' AND h.status IS DISTINCT FROM o.status`,
  },
  {
    name: 'per commission: earned from a customer the referrer referred',
    database: 'customer',
    sql: `SELECT rc.order_id AS id, rc.referrer_id, c.referred_by
            FROM referral_commissions rc JOIN customers c ON c.id = rc.referred_customer_id
           WHERE rc.state <> 'REVERSED_BEFORE_EARNED' AND c.referred_by IS DISTINCT FROM rc.referrer_id`,
  },
];

export interface Violations {
  invariant: Invariant;
  rows: Record<string, unknown>[];
}

/** Runs every invariant through `query` (which picks the database) and returns what each one found. */
export const findViolations = async (query: Query): Promise<Violations[]> => {
  const results: Violations[] = [];
  for (const invariant of INVARIANTS)
    results.push({ invariant, rows: 'sql' in invariant ? await query(invariant.database, invariant.sql) : await invariant.find(query) });
  return results;
};
