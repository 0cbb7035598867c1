// DESIGN.md §8's conservation of money as an invariant across the payment, order and customer databases: no
// sequence of actions by any number of accounts raises customers' money above what they topped up plus
// commission on orders that were finally kept. It holds after every committed local transaction, because a
// commission is credited only once its order is SHIPPED (service.payment checks its own record of OrderShipped),
// and a shipped order can no longer be cancelled.
import type { DatabaseName } from '@micro-ecommerce/pkg/postgres';

/** One query on one database, without parameters (the signature every caller of findViolations passes). */
export type Query = (database: DatabaseName, sql: string) => Promise<Record<string, unknown>[]>;

/** The statuses after which an order can no longer be cancelled, so no refund takes its money back. */
export const KEPT_STATUSES = ['SHIPPED', 'DELIVERED'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The ids come from uuid columns; checked all the same before they are written into the statement.
const uuidArray = (ids: string[]): string => {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'{${ids.join(',')}}'::uuid[]`;
};

/**
 * Per customer: balance + frozen + debited <= succeeded top-ups + commissions of orders now SHIPPED or DELIVERED.
 * Frozen money belongs to open checkouts and debited money to orders, refundable or kept; both came out of the
 * balance, so a commission spent on goods and then written off is money created just the same as one left in the
 * balance. Returns one row per customer holding more than that explains. Only wallets of accounts the customer
 * database knows are checked: nobody can sign in as any other id, and the payment service's integration tests
 * credit made-up referrers for orders the order database never saw.
 */
export const findUnexplainedMoney = async (query: Query): Promise<Record<string, unknown>[]> => {
  // Commissions only add: a wallet whose top-ups alone explain what it holds cannot break the rule.
  const suspects = await query(
    'payment',
    `SELECT w.customer_id AS id, w.balance_cents + w.frozen_cents + w.debited_cents AS held, coalesce(t.total, 0)::bigint AS topped_up
       FROM wallets w
       LEFT JOIN (SELECT customer_id, sum(amount_cents) AS total FROM payments WHERE kind = 'TOPUP' AND status = 'SUCCEEDED'
                   GROUP BY customer_id) t ON t.customer_id = w.customer_id
      WHERE w.balance_cents + w.frozen_cents + w.debited_cents > coalesce(t.total, 0)`,
  );
  if (suspects.length === 0) return [];
  const ids = suspects.map((row) => String(row.id));
  const known = new Set(
    (await query('customer', `SELECT id FROM customers WHERE id = ANY(${uuidArray(ids)})`)).map((row) => String(row.id)),
  );
  const customers = suspects.filter((row) => known.has(String(row.id)));
  if (customers.length === 0) return [];
  const commissions = await query(
    'payment',
    `SELECT customer_id, order_id, amount_cents FROM payments
      WHERE kind = 'COMMISSION' AND status = 'SUCCEEDED' AND customer_id = ANY(${uuidArray(customers.map((row) => String(row.id)))})`,
  );
  const orderIds = [...new Set(commissions.map((row) => String(row.order_id)))];
  const kept =
    orderIds.length === 0
      ? new Set<string>()
      : new Set(
          (
            await query(
              'order',
              `SELECT id FROM orders WHERE status IN (${KEPT_STATUSES.map((s) => `'${s}'`).join(', ')}) AND id = ANY(${uuidArray(orderIds)})`,
            )
          ).map((row) => String(row.id)),
        );

  const violations: Record<string, unknown>[] = [];
  for (const customer of customers) {
    const keptCommissions = commissions
      .filter((row) => row.customer_id === customer.id && kept.has(String(row.order_id)))
      .reduce((sum, row) => sum + BigInt(row.amount_cents as bigint), 0n);
    const [held, toppedUp] = [BigInt(customer.held as bigint), BigInt(customer.topped_up as bigint)];
    if (held > toppedUp + keptCommissions)
      violations.push({ id: customer.id, held, topped_up: toppedUp, kept_commissions: keptCommissions });
  }
  return violations;
};
