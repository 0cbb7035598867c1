// DESIGN.md §10's invariants across the order, payment, product and customer databases, for named orders. Like
// scripts/checkout-invariants.ts they only hold once the orders have settled (a cancelled paid order is REFUNDED,
// every commission event applied), and services' integration tests feed events for orders other databases never
// saw, so they are checked per order by the e2e tests that made them, not database-wide.
import type { ParamQuery } from './checkout-invariants.js';

export interface AfterPaymentViolation {
  orderId: string;
  problem: string;
}

const PAID_STATUSES = ['PAID', 'ACCEPTED', 'SHIPPED', 'DELIVERED'];
// After these an order can no longer be cancelled: only then has its referrer earned the commission.
const KEPT_STATUSES = ['SHIPPED', 'DELIVERED'];

/**
 * For each order of `orderIds`: a cancelled paid order is REFUNDED with exactly one REFUND of its total and
 * exactly its units returned; an order still paid has neither; a referred buyer's order earned its referrer
 * exactly one commission of `commissionPercent` of the total (when that is above 0) once it shipped, and none
 * before (paid, accepted) or ever if it was refunded; nothing is ever reversed; a buyer nobody referred earned
 * nobody anything. Returns every breach.
 */
export const findAfterPaymentViolations = async (
  query: ParamQuery,
  orderIds: string[],
  commissionPercent: number,
): Promise<AfterPaymentViolation[]> => {
  const orders = await query('order', `SELECT id, customer_id, status, cancelled_by, total_cents FROM orders WHERE id = ANY($1::uuid[])`, [
    orderIds,
  ]);
  const items = await query('order', `SELECT order_id, sku_id, quantity FROM order_items WHERE order_id = ANY($1::uuid[])`, [orderIds]);
  const payments = await query(
    'payment',
    `SELECT order_id, customer_id, kind, amount_cents, shortfall_cents FROM payments
      WHERE order_id = ANY($1) AND kind IN ('REFUND', 'COMMISSION', 'COMMISSION_REVERSAL')`,
    [orderIds],
  );
  const returns = await query(
    'product',
    `SELECT order_id, sku_id, quantity FROM stock_adjustments WHERE kind = 'RETURN' AND order_id = ANY($1)`,
    [orderIds],
  );
  const buyers = [...new Set(orders.map((order) => order.customer_id as string))];
  const referrers = new Map(
    (await query('customer', `SELECT id, referred_by FROM customers WHERE id = ANY($1::uuid[])`, [buyers])).map((row) => [
      row.id as string,
      row.referred_by as string | null,
    ]),
  );

  const violations: AfterPaymentViolation[] = [];
  for (const orderId of orderIds.filter((id) => !orders.some((order) => order.id === id)))
    violations.push({ orderId, problem: 'no such order' });
  for (const order of orders) {
    const orderId: string = order.id;
    const add = (problem: string) => violations.push({ orderId, problem });
    const total = BigInt(order.total_cents);
    const of = (kind: string) => payments.filter((p) => p.order_id === orderId && p.kind === kind);
    const refunded = order.status === 'REFUNDED';
    if (order.status === 'CANCELLED' && order.cancelled_by !== 'checkout') add('cancelled after payment but not REFUNDED');
    if (!refunded && !PAID_STATUSES.includes(order.status)) continue; // never paid: nothing to account for

    const refunds = of('REFUND');
    if (refunded && (refunds.length !== 1 || BigInt(refunds[0]!.amount_cents) !== total || refunds[0]!.customer_id !== order.customer_id))
      add(`refunded with ${refunds.length} REFUND(s) instead of one of ${total} cents to the buyer`);
    if (!refunded && refunds.length > 0) add('still paid but refunded');

    const bought = items.filter((item) => item.order_id === orderId);
    const returned = returns.filter((row) => row.order_id === orderId);
    const unitsBack = (skuId: string) =>
      returned.filter((row) => row.sku_id === skuId).reduce((sum, row) => sum + BigInt(row.quantity), 0n);
    if (refunded && (returned.length !== bought.length || bought.some((item) => unitsBack(item.sku_id) !== BigInt(item.quantity))))
      add('refunded but its units are not returned exactly once');
    if (!refunded && returned.length > 0) add('still paid but its units were returned');

    const referrer = referrers.get(order.customer_id) ?? null;
    const commission = (total * BigInt(commissionPercent)) / 100n;
    const commissions = of('COMMISSION');
    const reversals = of('COMMISSION_REVERSAL');
    if (referrer === null || commission === 0n) {
      if (commissions.length + reversals.length > 0) add('a commission without a referrer to earn it');
      continue;
    }
    const earned =
      commissions.length === 1 && commissions[0]!.customer_id === referrer && BigInt(commissions[0]!.amount_cents) === commission;
    if (KEPT_STATUSES.includes(order.status) && !earned)
      add(`shipped but the referrer did not earn exactly one commission of ${commission} cents`);
    if (!KEPT_STATUSES.includes(order.status) && commissions.length > 0) add(`a commission before the order shipped (${order.status})`);
    if (reversals.length > 0) add('a commission reversed: commissions are earned only once an order can no longer be refunded');
  }
  return violations;
};
