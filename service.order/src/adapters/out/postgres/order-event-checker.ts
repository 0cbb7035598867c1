import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import { decideHalfMessage } from '../../../domain/order-event.js';
import type { OrderStatus } from '../../../domain/order.js';

/**
 * Answers the broker's check-backs for order events from the order database, so a crash between the local
 * commit and the message commit neither loses nor invents an event. Every transition writes a history row of
 * its event type in its local transaction: the row says it committed, whatever the order's status is now.
 */
export const createOrderEventChecker =
  (pool: Pool, now: () => number = Date.now): TransactionChecker =>
  async (event) => {
    const data = event.data as { order_id?: unknown; paid?: unknown } | null;
    const orderId = data?.order_id;
    // Order ids are uuids: anything else names no order (and would fail the uuid cast on every check-back).
    if (typeof orderId !== 'string' || !isUuid(orderId)) return 'ROLLBACK';
    const { rows } = await pool.query<{ status: OrderStatus; recorded: boolean }>(
      `SELECT o.status, EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.event_type = $2) AS recorded
       FROM orders o WHERE o.id = $1`,
      [orderId, event.type],
    );
    const occurredAt = Date.parse(event.occurred_at);
    // An unreadable occurred_at counts as old: nothing will ever make it readable.
    const ageMs = Number.isNaN(occurredAt) ? Number.POSITIVE_INFINITY : now() - occurredAt;
    return decideHalfMessage({ type: event.type, paid: data?.paid === true, ageMs }, rows[0] ?? null);
  };
