import { AppError } from '@micro-ecommerce/pkg/errors';
import type { PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { Payment } from '../../../domain/payment.js';
import { debitNotYetConfirmed } from '../../../domain/payment-errors.js';
import { planRefund } from '../../../domain/refund.js';
import { refund } from '../../../domain/wallet.js';
import { lockDebit } from './debit-ledger.js';
import { toPayment, PAYMENT_COLUMNS, type PaymentRow } from './rows.js';
import { lockWallet, saveWallet } from './wallet-rows.js';

// The business change of a refund, run inside the consumer's local transaction (pg-wallet-event-ledger.ts) so the
// processed-message row, the money movement and the REFUND row commit together.

/**
 * Moves the xid's confirmed debit back to the balance and records the order's REFUND (reference = the xid, like
 * the debit's). Answers null when the order (or the debit) was refunded before: the unique (order_id, kind)
 * index holds that too, this only avoids the error.
 */
export const refundDebit = async (client: PoolClient, request: { orderId: string; xid: string }): Promise<Payment | null> => {
  // The debit's lock also serialises two refunds of one checkout (whatever their order ids).
  const debit = await lockDebit(client, request.xid);
  const plan = planRefund(debit);
  if (plan === 'WAIT') throw debitNotYetConfirmed(request.xid);
  // The caller saw it confirmed, and a confirmed debit stays so: anything else is a bug, retried then dead-lettered.
  if (debit === null || plan === 'NOTHING') throw new AppError('INTERNAL', `debit ${request.xid} is no longer refundable`);
  const { rows: previous } = await client.query(`SELECT 1 FROM payments WHERE kind = 'REFUND' AND (order_id = $1 OR reference = $2)`, [
    request.orderId,
    request.xid,
  ]);
  if (previous.length > 0) return null;
  await saveWallet(client, refund(await lockWallet(client, debit.customerId), debit.amountCents));
  const { rows } = await client.query<PaymentRow>(
    `INSERT INTO payments (customer_id, kind, amount_cents, status, reference, order_id)
     VALUES ($1, 'REFUND', $2, 'SUCCEEDED', $3, $4) RETURNING ${PAYMENT_COLUMNS}`,
    [debit.customerId, debit.amountCents, request.xid, request.orderId],
  );
  return toPayment(rows[0]!);
};
