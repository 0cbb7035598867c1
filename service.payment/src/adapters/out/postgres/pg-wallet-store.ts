import { AppError } from '@micro-ecommerce/pkg/errors';
import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { withBarrier, type BranchPhase, type CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { DebitOutcome, DebitRequest, Page, WalletStore } from '../../../app/ports.js';
import type { Payment } from '../../../domain/payment.js';
import type { Wallet } from '../../../domain/wallet.js';
import { debitFrozen, freeze, unfreeze } from './debit-ledger.js';
import { toPayment, toWallet, PAYMENT_COLUMNS, WALLET_COLUMNS, type PaymentRow, type WalletRow } from './rows.js';
import { ensureWallet } from './wallet-rows.js';

/** The payment branch's id in every checkout's global transaction. */
export const PAYMENT_BRANCH = 'payment';

const onePayment = (rows: PaymentRow[], what: string): Payment => {
  if (rows[0] === undefined) throw new AppError('INTERNAL', `${what}: payment not found or not PENDING`);
  return toPayment(rows[0]);
};

const noCrash: CrashHook = () => {};

/**
 * WalletStore on the `payment` PostgreSQL database (tables wallets, payments, tcc_barrier). `crashAt` is the
 * test-only hook of services.payment.crash_at, called at `<phase>-debit:before-commit` and `:after-commit`.
 */
export class PgWalletStore implements WalletStore {
  constructor(
    private readonly pool: Pool,
    private readonly crashAt: CrashHook = noCrash,
  ) {}

  async getWallet(customerId: string): Promise<Wallet> {
    await ensureWallet(this.pool, customerId);
    const { rows } = await this.pool.query<WalletRow>(`SELECT ${WALLET_COLUMNS} FROM wallets WHERE customer_id = $1`, [customerId]);
    return toWallet(rows[0]!);
  }

  async listPayments(customerId: string, page: { offset: number; limit: number }): Promise<Page<Payment>> {
    const [items, count] = await Promise.all([
      this.pool.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [customerId, page.limit, page.offset],
      ),
      this.pool.query<{ total: bigint }>(`SELECT count(*) AS total FROM payments WHERE customer_id = $1`, [customerId]),
    ]);
    return { items: items.rows.map(toPayment), total: Number(count.rows[0]?.total ?? 0) };
  }

  async findTopUpByKey(customerId: string, idempotencyKey: string): Promise<Payment | null> {
    const { rows } = await this.pool.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE customer_id = $1 AND idempotency_key = $2`,
      [customerId, idempotencyKey],
    );
    return rows[0] === undefined ? null : toPayment(rows[0]);
  }

  async insertPendingTopUp(topUp: { customerId: string; amountCents: number; idempotencyKey: string | null }) {
    const inserted = await withTransaction(this.pool, async (client) => {
      await ensureWallet(client, topUp.customerId);
      const { rows } = await client.query<PaymentRow>(
        `INSERT INTO payments (customer_id, kind, amount_cents, status, idempotency_key) VALUES ($1, 'TOPUP', $2, 'PENDING', $3)
         ON CONFLICT (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING ${PAYMENT_COLUMNS}`,
        [topUp.customerId, topUp.amountCents, topUp.idempotencyKey],
      );
      return rows[0] === undefined ? null : toPayment(rows[0]);
    });
    if (inserted !== null) return { payment: inserted, created: true };
    const existing = await this.findTopUpByKey(topUp.customerId, topUp.idempotencyKey!);
    return { payment: existing!, created: false };
  }

  async completeTopUp(paymentId: string, reference: string): Promise<Payment> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<PaymentRow>(
        `UPDATE payments SET status = 'SUCCEEDED', reference = $2, updated_at = now() WHERE id = $1 AND status = 'PENDING'
         RETURNING ${PAYMENT_COLUMNS}`,
        [paymentId, reference],
      );
      const payment = onePayment(rows, 'completeTopUp');
      await client.query(`UPDATE wallets SET balance_cents = balance_cents + $2, updated_at = now() WHERE customer_id = $1`, [
        payment.customerId,
        payment.amountCents,
      ]);
      return payment;
    });
  }

  async failTopUp(paymentId: string, failureReason: string): Promise<Payment> {
    const { rows } = await this.pool.query<PaymentRow>(
      `UPDATE payments SET status = 'FAILED', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'PENDING'
       RETURNING ${PAYMENT_COLUMNS}`,
      [paymentId, failureReason],
    );
    return onePayment(rows, 'failTopUp');
  }

  tryDebit(request: DebitRequest): Promise<DebitOutcome> {
    return this.phase(request.xid, 'try', (client) => freeze(client, request));
  }

  confirmDebit(xid: string): Promise<DebitOutcome> {
    return this.phase(xid, 'confirm', (client) => debitFrozen(client, xid));
  }

  cancelDebit(xid: string): Promise<DebitOutcome> {
    return this.phase(xid, 'cancel', (client) => unfreeze(client, xid));
  }

  // The barrier row and the money movement share one local transaction: both commit or neither does.
  private async phase(xid: string, phase: BranchPhase, action: (client: PoolClient) => Promise<void>): Promise<DebitOutcome> {
    const outcome = await withTransaction(this.pool, async (client) => {
      const result = await withBarrier(client, { xid, branchId: PAYMENT_BRANCH }, phase, () => action(client));
      this.crashAt(`${phase}-debit:before-commit`);
      return result;
    });
    this.crashAt(`${phase}-debit:after-commit`);
    return outcome;
  }
}
