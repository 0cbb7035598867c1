import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { OrderRepository } from '../../../app/ports.js';
import { ORDER_SELECT, toOrder, type OrderRow } from './order-row.js';

/** OrderRepository over the order database. Ids come from URLs: a malformed one is simply not found. */
export const createOrderRepository = (pool: Pool): OrderRepository => ({
  async findById(customerId, orderId) {
    if (!isUuid(orderId) || !isUuid(customerId)) return null;
    const { rows } = await pool.query<OrderRow>(`${ORDER_SELECT} WHERE o.id = $1 AND o.customer_id = $2`, [orderId, customerId]);
    return rows[0] ? toOrder(rows[0]) : null;
  },

  async findByIdempotencyKey(customerId, idempotencyKey) {
    if (!isUuid(customerId)) return null;
    const { rows } = await pool.query<OrderRow>(`${ORDER_SELECT} WHERE o.customer_id = $1 AND o.idempotency_key = $2`, [
      customerId,
      idempotencyKey,
    ]);
    return rows[0] ? toOrder(rows[0]) : null;
  },

  async list(customerId, page) {
    if (!isUuid(customerId)) return { orders: [], total: 0 };
    const [{ rows }, count] = await Promise.all([
      pool.query<OrderRow>(`${ORDER_SELECT} WHERE o.customer_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT $2 OFFSET $3`, [
        customerId,
        page.limit,
        page.offset,
      ]),
      pool.query<{ total: bigint }>(`SELECT count(*) AS total FROM orders WHERE customer_id = $1`, [customerId]),
    ]);
    return { orders: rows.map(toOrder), total: Number(count.rows[0]?.total ?? 0) };
  },
});
