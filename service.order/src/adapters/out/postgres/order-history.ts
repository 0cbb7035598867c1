import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { OrderHistory } from '../../../app/ports.js';
import type { OrderStatus } from '../../../domain/order.js';
import type { StatusChange } from '../../../domain/status-change.js';
import { ORDER_SELECT, toOrder, type OrderRow } from './order-row.js';

interface HistoryRow {
  seq: bigint;
  order_id: string;
  status: OrderStatus;
  event_type: string;
  actor_id: string | null;
  reason: string | null;
  occurred_at: Date;
}

// A stream that fell far behind catches up in pages rather than one unbounded read.
const PAGE = 500;

/** OrderHistory over order_status_history (see order-history-rows.ts for how rows are written). */
export const createOrderHistory = (pool: Pool): OrderHistory => ({
  async snapshot(orderId) {
    if (!isUuid(orderId)) return null;
    // One statement, one snapshot: the seq belongs to the order state read with it.
    const { rows } = await pool.query<OrderRow & { seq: bigint }>(
      `SELECT x.*, COALESCE((SELECT max(h.seq) FROM order_status_history h WHERE h.order_id = x.id), 0) AS seq
       FROM (${ORDER_SELECT} WHERE o.id = $1) x`,
      [orderId],
    );
    const row = rows[0];
    return row ? { order: toOrder(row), seq: Number(row.seq) } : null;
  },

  async after(orderId, seq) {
    if (!isUuid(orderId)) return [];
    const { rows } = await pool.query<HistoryRow>(
      `SELECT seq, order_id, status, event_type, actor_id, reason, occurred_at FROM order_status_history
       WHERE order_id = $1 AND seq > $2 ORDER BY seq LIMIT ${PAGE}`,
      [orderId, seq],
    );
    return rows.map((row): StatusChange => ({
      seq: Number(row.seq),
      orderId: row.order_id,
      status: row.status,
      eventType: row.event_type,
      actorId: row.actor_id,
      reason: row.reason,
      occurredAt: row.occurred_at,
    }));
  },
});
