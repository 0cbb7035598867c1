import { isUuid } from '@micro-ecommerce/pkg/ids';
import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import { orderNotFound } from '../../../app/get-order.js';
import type { OrderTransitions } from '../../../app/ports.js';
import { transitionOf } from '../../../domain/order-status.js';
import type { OrderStatus } from '../../../domain/order.js';
import { appendHistory } from './order-history-rows.js';

/**
 * OrderTransitions over the order database: lock, check with the domain, update, history row + NOTIFY, one
 * local transaction. The lock (not the caller's earlier read) decides: of two concurrent transitions the second
 * sees the first's status and fails with 409.
 */
export const createOrderTransitions = (pool: Pool): OrderTransitions => ({
  apply: (command) =>
    withTransaction(pool, async (client) => {
      if (!isUuid(command.orderId)) throw orderNotFound(command.orderId);
      const { rows } = await client.query<{ status: OrderStatus }>(`SELECT status FROM orders WHERE id = $1 FOR UPDATE`, [command.orderId]);
      const locked = rows[0];
      if (!locked) throw orderNotFound(command.orderId);
      const rule = transitionOf({ id: command.orderId, status: locked.status }, command.action);
      await client.query(
        `UPDATE orders SET status = $2, updated_at = now(),
           cancel_reason = COALESCE($3, cancel_reason), cancelled_by = COALESCE($4, cancelled_by)
         WHERE id = $1`,
        [command.orderId, rule.to, command.reason, command.cancelledBy],
      );
      await appendHistory(client, command.orderId, {
        status: rule.to,
        eventType: rule.eventType,
        actorId: command.actorId,
        reason: command.reason,
      });
    }),
});
