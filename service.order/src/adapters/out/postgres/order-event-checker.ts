import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { TransactionChecker } from '@micro-ecommerce/pkg/rocketmq';
import { decideHalfMessage } from '../../../domain/order-event.js';
import type { OrderStatus } from '../../../domain/order.js';

/**
 * Answers the broker's check-backs for order events from the order's status in the order database, so a crash
 * between the local commit and the message commit neither loses nor invents an event.
 */
export const createOrderEventChecker =
  (pool: Pool): TransactionChecker =>
  async (event) => {
    const orderId = (event.data as { order_id?: unknown } | null)?.order_id;
    // Order ids are uuids: anything else names no order (and would fail the uuid cast on every check-back).
    if (typeof orderId !== 'string' || !isUuid(orderId)) return 'ROLLBACK';
    const { rows } = await pool.query<{ status: OrderStatus }>(`SELECT status FROM orders WHERE id = $1`, [orderId]);
    return decideHalfMessage(event.type, rows[0]?.status ?? null);
  };
