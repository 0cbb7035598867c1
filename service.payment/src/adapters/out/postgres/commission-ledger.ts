import type { PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { CommissionOutcome, CommissionRequest, EarnedCommissionRequest, ReversalOutcome } from '../../../app/ports.js';
import { checkCommission, type ShippedOrder } from '../../../domain/commission-guard.js';
import { credit, takeBack } from '../../../domain/wallet.js';
import { toPayment, PAYMENT_COLUMNS, type PaymentRow } from './rows.js';
import { lockWallet, saveWallet } from './wallet-rows.js';

// The business changes of CommissionEarned / CommissionReversed, run inside the consumer's local transaction
// (pg-wallet-event-ledger.ts). Both lock the referrer's wallet first: an earning and a reversal of one order are
// then serialised, so a reversal cannot leave a tombstone while its earning credits in parallel.

const orderPayment = async (client: PoolClient, orderId: string, kind: 'COMMISSION' | 'COMMISSION_REVERSAL') => {
  const { rows } = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 AND kind = $2`, [
    orderId,
    kind,
  ]);
  return rows[0] === undefined ? null : toPayment(rows[0]);
};

const shippedOrder = async (client: PoolClient, orderId: string): Promise<ShippedOrder | null> => {
  const { rows } = await client.query<{ customer_id: string; total_cents: bigint }>(
    'SELECT customer_id, total_cents FROM shipped_orders WHERE order_id = $1',
    [orderId],
  );
  return rows[0] === undefined ? null : { orderId, customerId: rows[0].customer_id, totalCents: Number(rows[0].total_cents) };
};

/** Records an order as shipped; a second OrderShipped of it changes nothing. */
export const recordShipped = async (client: PoolClient, order: ShippedOrder): Promise<void> => {
  await client.query(
    'INSERT INTO shipped_orders (order_id, customer_id, total_cents) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING',
    [order.orderId, order.customerId, order.totalCents],
  );
};

/**
 * Credits the referrer's balance and records the COMMISSION (reference and order_id = the order id), if the
 * shipped order justifies it (checkCommission throws otherwise and the transaction rolls back).
 */
export const creditCommission = async (client: PoolClient, commission: EarnedCommissionRequest): Promise<CommissionOutcome> => {
  const wallet = await lockWallet(client, commission.referrerId);
  const { rowCount } = await client.query(`SELECT 1 FROM commission_tombstones WHERE order_id = $1`, [commission.orderId]);
  if (rowCount !== 0) return 'ALREADY_REVERSED';
  if ((await orderPayment(client, commission.orderId, 'COMMISSION')) !== null) return 'DUPLICATE';
  checkCommission(await shippedOrder(client, commission.orderId), commission);
  await saveWallet(client, credit(wallet, commission.amountCents));
  await client.query(
    `INSERT INTO payments (customer_id, kind, amount_cents, status, reference, order_id) VALUES ($1, 'COMMISSION', $2, 'SUCCEEDED', $3::text, $3::uuid)`,
    [commission.referrerId, commission.amountCents, commission.orderId],
  );
  return 'CREDITED';
};

/**
 * Takes the order's credited commission back from its wallet's balance in full, below zero if it was spent
 * (domain takeBack), and records the COMMISSION_REVERSAL (shortfall 0: nothing is written off any more). With no
 * commission yet it records a tombstone instead, which voids the earning when it arrives.
 */
export const reverseCommission = async (client: PoolClient, reversal: CommissionRequest): Promise<ReversalOutcome> => {
  const referrerWallet = await lockWallet(client, reversal.referrerId);
  const commission = await orderPayment(client, reversal.orderId, 'COMMISSION');
  if (commission === null) {
    await client.query(
      `INSERT INTO commission_tombstones (order_id, referrer_id, amount_cents) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING`,
      [reversal.orderId, reversal.referrerId, reversal.amountCents],
    );
    return { outcome: 'TOMBSTONE' };
  }
  if ((await orderPayment(client, reversal.orderId, 'COMMISSION_REVERSAL')) !== null) return { outcome: 'DUPLICATE' };
  // The money comes back from the wallet that was credited, even if the event named another referrer.
  const wallet = commission.customerId === reversal.referrerId ? referrerWallet : await lockWallet(client, commission.customerId);
  const after = takeBack(wallet, commission.amountCents);
  await saveWallet(client, after);
  await client.query(
    `INSERT INTO payments (customer_id, kind, amount_cents, status, reference, order_id)
     VALUES ($1, 'COMMISSION_REVERSAL', $2, 'SUCCEEDED', $3::text, $3::uuid)`,
    [commission.customerId, commission.amountCents, reversal.orderId],
  );
  return { outcome: 'REVERSED', takenCents: commission.amountCents, balanceAfterCents: after.balanceCents };
};
