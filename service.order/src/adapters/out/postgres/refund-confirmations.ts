import { AppError } from '@micro-ecommerce/pkg/errors';
import { isUuid } from '@micro-ecommerce/pkg/ids';
import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { processOnce } from '@micro-ecommerce/pkg/rocketmq';
import type { RefundConfirmations } from '../../../app/ports.js';
import { confirmRefundStep, REFUND_STEP_EVENT } from '../../../domain/order-status.js';
import type { CancelledBy, OrderStatus } from '../../../domain/order.js';
import { appendHistory } from './order-history-rows.js';

interface LockedOrder {
  status: OrderStatus;
  cancelled_by: CancelledBy | null;
  refund_issued_at: Date | null;
  stock_returned_at: Date | null;
}

// Retryable: the broker redelivers the event, and the next attempt reads the order as it is then.
const retryLater = (message: string, reason: string) => new AppError('ABORTED', message, { reason });

/**
 * RefundConfirmations over the order database, for consumer group `group`: the processed-message row, the
 * step's timestamp and history row, and (with the pair complete) REFUNDED with its history row commit together.
 */
export const createRefundConfirmations = (pool: Pool, group: string): RefundConfirmations => ({
  record: (command) =>
    withTransaction(pool, async (client) => {
      if (!isUuid(command.orderId)) return 'ignored';
      const { rows } = await client.query<LockedOrder>(
        `SELECT status, cancelled_by, refund_issued_at, stock_returned_at FROM orders WHERE id = $1 FOR UPDATE`,
        [command.orderId],
      );
      const row = rows[0];
      if (!row) return 'ignored';
      const order = {
        status: row.status,
        cancelledBy: row.cancelled_by,
        refund: { refundIssuedAt: row.refund_issued_at, stockReturnedAt: row.stock_returned_at },
      };
      const outcome = confirmRefundStep(order, command.step, new Date());
      if (outcome === null) return 'ignored';
      const first = await processOnce(client, group, command.eventId);
      // Inside the OrderRefunded message, committing means announcing REFUNDED: it must be true.
      if (command.mayComplete && !outcome.complete && row.status !== 'REFUNDED')
        throw retryLater(`order ${command.orderId} is not complete after ${command.step}`, 'REFUND_NOT_COMPLETE');
      if (!first) return 'duplicate';
      if (outcome.complete && !command.mayComplete)
        throw retryLater(`order ${command.orderId} completes its refund: redeliver with OrderRefunded`, 'REFUND_COMPLETES_WITHOUT_EVENT');
      if (outcome.recorded) {
        const column = command.step === 'refund' ? 'refund_issued_at' : 'stock_returned_at';
        await client.query(`UPDATE orders SET ${column} = now(), updated_at = now() WHERE id = $1`, [command.orderId]);
        await appendHistory(client, command.orderId, {
          status: row.status,
          eventType: REFUND_STEP_EVENT[command.step],
          actorId: null,
          reason: null,
        });
      }
      if (!outcome.complete) return outcome.recorded ? 'applied' : 'duplicate';
      await client.query(`UPDATE orders SET status = 'REFUNDED', updated_at = now() WHERE id = $1`, [command.orderId]);
      await appendHistory(client, command.orderId, { status: 'REFUNDED', eventType: 'OrderRefunded', actorId: null, reason: null });
      return 'completed';
    }),
});
