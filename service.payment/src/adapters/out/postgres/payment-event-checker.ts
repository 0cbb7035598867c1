import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import type { PaymentStatus } from '../../../domain/payment.js';
import { decideWalletCredited } from '../../../domain/wallet-event.js';

/**
 * Answers the broker's check-backs for payment events from the top-up's status in the payment database, so a
 * crash between the credit's commit and the message commit neither loses nor invents a WalletCredited.
 */
export const createPaymentEventChecker =
  (pool: Pool): TransactionChecker =>
  async (event) => {
    const paymentId = (event.data as { payment_id?: unknown } | null)?.payment_id;
    // Payment ids are uuids: anything else names no payment (and would fail the uuid cast on every check-back).
    if (typeof paymentId !== 'string' || !isUuid(paymentId)) return 'ROLLBACK';
    const { rows } = await pool.query<{ status: PaymentStatus }>(`SELECT status FROM payments WHERE id = $1 AND kind = 'TOPUP'`, [
      paymentId,
    ]);
    return decideWalletCredited(event.type, rows[0]?.status ?? null);
  };
