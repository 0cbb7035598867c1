import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { OrderFilter, OrderRepository } from '../../../app/ports.js';
import { ORDER_SELECT, toOrder, type OrderRow } from './order-row.js';

// WHERE clause and parameters of a list filter; parameters start at $1.
const whereOf = (filter: OrderFilter): { where: string; params: unknown[] } => {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.customerId !== null) conditions.push(`o.customer_id = $${params.push(filter.customerId)}`);
  if (filter.status !== null) conditions.push(`o.status = $${params.push(filter.status)}`);
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
};

/** OrderRepository over the order database. Ids come from URLs: a malformed one is simply not found. */
export const createOrderRepository = (pool: Pool): OrderRepository => ({
  async findById(customerId, orderId) {
    if (!isUuid(orderId) || !isUuid(customerId)) return null;
    const { rows } = await pool.query<OrderRow>(`${ORDER_SELECT} WHERE o.id = $1 AND o.customer_id = $2`, [orderId, customerId]);
    return rows[0] ? toOrder(rows[0]) : null;
  },

  async find(orderId) {
    if (!isUuid(orderId)) return null;
    const { rows } = await pool.query<OrderRow>(`${ORDER_SELECT} WHERE o.id = $1`, [orderId]);
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

  async list(filter, page) {
    if (filter.customerId !== null && !isUuid(filter.customerId)) return { orders: [], total: 0 };
    const { where, params } = whereOf(filter);
    const n = params.length;
    const [{ rows }, count] = await Promise.all([
      pool.query<OrderRow>(`${ORDER_SELECT} ${where} ORDER BY o.created_at DESC, o.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        page.limit,
        page.offset,
      ]),
      pool.query<{ total: bigint }>(`SELECT count(*) AS total FROM orders o ${where}`, params),
    ]);
    return { orders: rows.map(toOrder), total: Number(count.rows[0]?.total ?? 0) };
  },
});
