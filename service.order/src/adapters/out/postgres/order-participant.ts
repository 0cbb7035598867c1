import { AppError } from '@micro-ecommerce/pkg/errors';
import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { withBarrier } from '@micro-ecommerce/pkg/tcc';
import { IDEMPOTENCY_KEY_IN_USE } from '../../../app/place-order.js';
import type { NewOrder } from '../../../app/ports.js';

/** The order branch's id within the checkout global transaction. */
export const ORDER_BRANCH_ID = 'order';

/** The order branch of checkout: the order's own TCC participant, in the order database. */
export interface OrderParticipant {
  try(xid: string, order: NewOrder): Promise<void>;
  confirm(xid: string): Promise<void>;
  cancel(xid: string): Promise<void>;
}

const insertOrder = async (client: PoolClient, xid: string, order: NewOrder) => {
  try {
    await client.query(
      `INSERT INTO orders (id, customer_id, status, total_cents, idempotency_key, xid) VALUES ($1, $2, 'PENDING', $3, $4, $5)`,
      [order.id, order.customerId, order.totalCents.toString(), order.idempotencyKey, xid],
    );
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'orders_idempotency_key')
      throw new AppError('ALREADY_EXISTS', 'an order was already placed with this Idempotency-Key', { reason: IDEMPOTENCY_KEY_IN_USE });
    throw error;
  }
  await client.query(
    `INSERT INTO order_items (order_id, sku_id, title, quantity, unit_price_cents)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[])`,
    [
      order.id,
      order.items.map((item) => item.skuId),
      order.items.map((item) => item.title),
      order.items.map((item) => item.quantity),
      order.items.map((item) => item.unitPriceCents.toString()),
    ],
  );
};

/**
 * try inserts the order PENDING; confirm makes it PAID; cancel makes it CANCELLED with the reason the
 * coordinator logged for the xid (same database). Each runs behind the barrier, in one local transaction.
 */
export const createOrderParticipant = (pool: Pool): OrderParticipant => {
  const key = (xid: string) => ({ xid, branchId: ORDER_BRANCH_ID });
  return {
    async try(xid, order) {
      const outcome = await withTransaction(pool, (client) => withBarrier(client, key(xid), 'try', () => insertOrder(client, xid, order)));
      // A try arriving after its cancel must not report success: the coordinator would think an order exists.
      if (outcome === 'suspended') throw new AppError('ABORTED', 'the checkout was already cancelled', { reason: 'TRANSACTION_CANCELLED' });
    },

    async confirm(xid) {
      await withTransaction(pool, (client) =>
        withBarrier(client, key(xid), 'confirm', async () => {
          await client.query(`UPDATE orders SET status = 'PAID', updated_at = now() WHERE xid = $1 AND status = 'PENDING'`, [xid]);
        }),
      );
    },

    async cancel(xid) {
      await withTransaction(pool, (client) =>
        withBarrier(client, key(xid), 'cancel', async () => {
          await client.query(
            `UPDATE orders SET status = 'CANCELLED', updated_at = now(),
               cancel_reason = COALESCE((SELECT reason FROM tcc_global_tx WHERE xid = $1), 'CANCELLED')
             WHERE xid = $1 AND status = 'PENDING'`,
            [xid],
          );
        }),
      );
    },
  };
};
