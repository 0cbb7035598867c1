import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import type { PaymentStatus } from '../../../domain/payment.js';
import { decideRefundIssued } from '../../../domain/refund-event.js';
import { decideWalletCredited } from '../../../domain/wallet-event.js';

// Payment and order ids are uuids: anything else names nothing here (and would fail the uuid cast on every check-back).
const uuidField = (data: unknown, field: string): string | null => {
  const value = (data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && isUuid(value) ? value : null;
};

/**
 * Answers the broker's check-backs for payment events from the payment database, so a crash between the local
 * commit and the message commit neither loses nor invents an event: WalletCredited from the top-up's status,
 * RefundIssued from whether the order's REFUND row exists (and, without one, from the half message's age).
 */
export const createPaymentEventChecker =
  (pool: Pool, now: () => Date = () => new Date()): TransactionChecker =>
  async (event) => {
    if (event.type === 'RefundIssued') {
      const orderId = uuidField(event.data, 'order_id');
      if (orderId === null) return 'ROLLBACK';
      const { rowCount } = await pool.query(`SELECT 1 FROM payments WHERE order_id = $1 AND kind = 'REFUND'`, [orderId]);
      return decideRefundIssued(rowCount !== 0, event.occurred_at, now());
    }
    const paymentId = uuidField(event.data, 'payment_id');
    if (paymentId === null) return 'ROLLBACK';
    const { rows } = await pool.query<{ status: PaymentStatus }>(`SELECT status FROM payments WHERE id = $1 AND kind = 'TOPUP'`, [
      paymentId,
    ]);
    return decideWalletCredited(event.type, rows[0]?.status ?? null);
  };
