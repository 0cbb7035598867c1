// DESIGN.md §6's checkout invariants across the order, product and payment databases, for named global
// transactions. They are not part of `make check-invariants` (scripts/invariants.ts): they only hold once a
// transaction is terminal, and the order service's integration tests confirm checkouts against faked stock and
// payment participants in the same shared databases, so a database-wide run would flag those. The crash-recovery
// test (e2e/checkout-crash.test.ts) runs them on the transactions it created, after recovery.
import type { DatabaseName } from '@micro-ecommerce/pkg/postgres';

/** One query on one database with positional parameters. */
export type ParamQuery = (database: DatabaseName, sql: string, params: unknown[]) => Promise<Record<string, any>[]>;

export interface CheckoutViolation {
  xid: string;
  problem: string;
}

// What a paid order can become: fulfilled, or cancelled by its customer or staff (CANCELLED until refunded).
const PAID_OR_LATER = ['PAID', 'ACCEPTED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'];

const groupBy = <T extends { xid: string }>(rows: T[]): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(row.xid, [...(map.get(row.xid) ?? []), row]);
  return map;
};

/**
 * Checks each checkout transaction of `xids`: it is terminal (CONFIRMED or CANCELLED); a CONFIRMED one has its
 * order PAID (or moved on since), exactly one SUCCEEDED DEBIT of the order's total and the order's units sold (stock confirmed); a
 * CANCELLED one has its order CANCELLED, no PENDING or SUCCEEDED debit and no stock confirm. Returns every breach.
 */
export const findCheckoutViolations = async (query: ParamQuery, xids: string[]): Promise<CheckoutViolation[]> => {
  const txs = await query(
    'order',
    `select g.xid, g.state, o.status, o.total_cents,
            (select coalesce(sum(i.quantity), 0)::bigint from order_items i where i.order_id = o.id) as units
       from tcc_global_tx g left join orders o on o.xid = g.xid where g.xid = any($1)`,
    [xids],
  );
  const debits = groupBy(
    (await query('payment', `select xid, status, amount_cents from payments where kind = 'DEBIT' and xid = any($1)`, [xids])) as {
      xid: string;
      status: string;
      amount_cents: bigint;
    }[],
  );
  const reserved = groupBy(
    (await query('product', `select xid, sum(quantity)::bigint as units from stock_reservations where xid = any($1) group by xid`, [
      xids,
    ])) as {
      xid: string;
      units: bigint;
    }[],
  );
  const stockPhases = groupBy(
    (await query('product', `select xid, phase from tcc_barrier where branch_id = 'stock' and xid = any($1)`, [xids])) as {
      xid: string;
      phase: string;
    }[],
  );

  const violations: CheckoutViolation[] = [];
  const missing = xids.filter((xid) => !txs.some((tx) => tx.xid === xid));
  for (const xid of missing) violations.push({ xid, problem: 'no global transaction' });
  for (const tx of txs) {
    const xid: string = tx.xid;
    const add = (problem: string) => violations.push({ xid, problem });
    const txDebits = debits.get(xid) ?? [];
    const confirmedStock = (stockPhases.get(xid) ?? []).some((row) => row.phase === 'confirm');
    if (tx.state === 'CONFIRMED') {
      // Paid, and perhaps fulfilled or cancelled and refunded since (scripts/after-payment-invariants.ts).
      if (!PAID_OR_LATER.includes(tx.status)) add(`confirmed but the order is ${tx.status ?? 'missing'}`);
      const succeeded = txDebits.filter((debit) => debit.status === 'SUCCEEDED');
      if (succeeded.length !== 1 || succeeded[0]!.amount_cents !== tx.total_cents)
        add(`confirmed with ${succeeded.length} SUCCEEDED debit(s) instead of one of ${tx.total_cents} cents`);
      if (!confirmedStock || (reserved.get(xid)?.[0]?.units ?? 0n) !== BigInt(tx.units)) add('confirmed but its units are not sold');
    } else if (tx.state === 'CANCELLED') {
      if (tx.status !== null && tx.status !== 'CANCELLED') add(`cancelled but the order is ${tx.status}`);
      if (txDebits.some((debit) => debit.status !== 'CANCELLED')) add('cancelled but money is still frozen or debited');
      if (confirmedStock) add('cancelled but its stock was confirmed');
    } else {
      add(`not terminal: ${tx.state}`);
    }
  }
  return violations;
};
