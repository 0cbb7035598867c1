import type { Payment, PaymentKind, PaymentStatus } from '../../../domain/payment.js';
import type { Wallet } from '../../../domain/wallet.js';

// int8 columns arrive as bigint (pkg/postgres); cents stay far below 2^53, so a number is exact.
const cents = (value: bigint | number | string): number => Number(value);

export interface WalletRow {
  customer_id: string;
  balance_cents: bigint;
  frozen_cents: bigint;
  debited_cents: bigint;
}

export interface PaymentRow {
  id: string;
  customer_id: string;
  kind: PaymentKind;
  amount_cents: bigint;
  status: PaymentStatus;
  reference: string | null;
  order_id: string | null;
  shortfall_cents: bigint;
  failure_reason: string | null;
  created_at: Date;
}

export const WALLET_COLUMNS = 'customer_id, balance_cents, frozen_cents, debited_cents';
export const PAYMENT_COLUMNS =
  'id, customer_id, kind, amount_cents, status, reference, order_id, shortfall_cents, failure_reason, created_at';

/** A wallets row as the domain's Wallet. */
export const toWallet = (row: WalletRow): Wallet => ({
  customerId: row.customer_id,
  balanceCents: cents(row.balance_cents),
  frozenCents: cents(row.frozen_cents),
  debitedCents: cents(row.debited_cents),
});

/** A payments row as the domain's Payment. */
export const toPayment = (row: PaymentRow): Payment => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  amountCents: cents(row.amount_cents),
  status: row.status,
  reference: row.reference,
  orderId: row.order_id,
  shortfallCents: cents(row.shortfall_cents),
  failureReason: row.failure_reason,
  createdAt: row.created_at,
});
