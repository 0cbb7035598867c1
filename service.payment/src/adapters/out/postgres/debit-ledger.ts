import type { PoolClient } from '@micro-ecommerce/pkg/postgres';
import { canFreeze } from '../../../domain/wallet.js';
import { debitAlreadySettled, debitNotFound, insufficientFunds } from '../../../domain/payment-errors.js';
import type { DebitRequest } from '../../../app/ports.js';
import { toPayment, toWallet, PAYMENT_COLUMNS, WALLET_COLUMNS, type PaymentRow, type WalletRow } from './rows.js';

// The business changes of the payment branch's TCC phases. Each runs inside the barrier's local transaction
// (pg-wallet-store.ts), so the barrier row and the money movement commit together.

/** Freezes the amount and records the PENDING debit; throws INSUFFICIENT_FUNDS (rolling back) when short. */
export const freeze = async (client: PoolClient, request: DebitRequest): Promise<void> => {
  // The row lock serialises concurrent tries on one wallet, so the balance check below cannot go stale.
  const { rows } = await client.query<WalletRow>(`SELECT ${WALLET_COLUMNS} FROM wallets WHERE customer_id = $1 FOR UPDATE`, [
    request.customerId,
  ]);
  const wallet = rows[0] === undefined ? null : toWallet(rows[0]);
  if (wallet === null || !canFreeze(wallet, request.amountCents)) {
    throw insufficientFunds(wallet?.balanceCents ?? 0, request.amountCents);
  }
  await client.query(
    `UPDATE wallets SET balance_cents = balance_cents - $2, frozen_cents = frozen_cents + $2, updated_at = now()
     WHERE customer_id = $1`,
    [request.customerId, request.amountCents],
  );
  await client.query(
    `INSERT INTO payments (customer_id, kind, amount_cents, status, reference, xid)
     VALUES ($1, 'DEBIT', $2, 'PENDING', $3, $3)`,
    [request.customerId, request.amountCents, request.xid],
  );
};

/** The xid's debit, locked until the transaction ends; null when its try froze nothing. */
export const lockDebit = async (client: PoolClient, xid: string) => {
  const { rows } = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE xid = $1 AND kind = 'DEBIT' FOR UPDATE`, [
    xid,
  ]);
  return rows[0] === undefined ? null : toPayment(rows[0]);
};

/** frozen → debited and the debit SUCCEEDED; DEBIT_NOT_FOUND / DEBIT_ALREADY_SETTLED when the try did not freeze. */
export const debitFrozen = async (client: PoolClient, xid: string): Promise<void> => {
  const debit = await lockDebit(client, xid);
  if (debit === null) throw debitNotFound(xid);
  if (debit.status !== 'PENDING') throw debitAlreadySettled(xid, debit.status);
  await client.query(
    `UPDATE wallets SET frozen_cents = frozen_cents - $2, debited_cents = debited_cents + $2, updated_at = now()
     WHERE customer_id = $1`,
    [debit.customerId, debit.amountCents],
  );
  await client.query(`UPDATE payments SET status = 'SUCCEEDED', updated_at = now() WHERE id = $1`, [debit.id]);
};

/** frozen → balance and the debit CANCELLED; DEBIT_ALREADY_SETTLED after a confirm. */
export const unfreeze = async (client: PoolClient, xid: string): Promise<void> => {
  const debit = await lockDebit(client, xid);
  // The try ran (its barrier row exists) but froze nothing: it failed, so there is nothing to give back.
  if (debit === null) return;
  if (debit.status !== 'PENDING') throw debitAlreadySettled(xid, debit.status);
  await client.query(
    `UPDATE wallets SET frozen_cents = frozen_cents - $2, balance_cents = balance_cents + $2, updated_at = now()
     WHERE customer_id = $1`,
    [debit.customerId, debit.amountCents],
  );
  await client.query(`UPDATE payments SET status = 'CANCELLED', updated_at = now() WHERE id = $1`, [debit.id]);
};
