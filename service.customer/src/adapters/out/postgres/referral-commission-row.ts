import type { Pool, PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { CommissionState, ReferralCommission } from '../../../domain/referral-commission.js';

interface CommissionRow {
  order_id: string;
  referrer_id: string;
  referred_customer_id: string;
  amount_cents: bigint;
  state: CommissionState;
}

const toCommission = (row: CommissionRow): ReferralCommission => ({
  orderId: row.order_id,
  referrerId: row.referrer_id,
  referredCustomerId: row.referred_customer_id,
  // Commissions are a percentage of an order total, far below 2^53.
  amountCents: Number(row.amount_cents),
  state: row.state,
});

/** The commission row of an order, on the pool or inside a transaction. */
export const readCommission = async (db: Pool | PoolClient, orderId: string): Promise<ReferralCommission | null> => {
  const { rows } = await db.query<CommissionRow>(
    'SELECT order_id, referrer_id, referred_customer_id, amount_cents, state FROM referral_commissions WHERE order_id = $1',
    [orderId],
  );
  return rows[0] === undefined ? null : toCommission(rows[0]);
};
