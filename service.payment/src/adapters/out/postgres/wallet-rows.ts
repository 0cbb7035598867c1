import type { Pool, PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { Wallet } from '../../../domain/wallet.js';
import { toWallet, WALLET_COLUMNS, type WalletRow } from './rows.js';

/** Creates the customer's empty wallet unless it exists (every money movement needs one). */
export const ensureWallet = (db: Pool | PoolClient, customerId: string) =>
  db.query(`INSERT INTO wallets (customer_id) VALUES ($1) ON CONFLICT (customer_id) DO NOTHING`, [customerId]);

/**
 * The customer's wallet, created if needed and locked until the transaction ends: the domain computes the new
 * amounts from it, and concurrent movements of the wallet (and of its events) wait their turn.
 */
export const lockWallet = async (client: PoolClient, customerId: string): Promise<Wallet> => {
  await ensureWallet(client, customerId);
  const { rows } = await client.query<WalletRow>(`SELECT ${WALLET_COLUMNS} FROM wallets WHERE customer_id = $1 FOR UPDATE`, [customerId]);
  return toWallet(rows[0]!);
};

/** Writes the amounts the domain computed for a wallet locked by lockWallet. */
export const saveWallet = (client: PoolClient, wallet: Wallet) =>
  client.query(`UPDATE wallets SET balance_cents = $2, frozen_cents = $3, debited_cents = $4, updated_at = now() WHERE customer_id = $1`, [
    wallet.customerId,
    wallet.balanceCents,
    wallet.frozenCents,
    wallet.debitedCents,
  ]);
