import { AppError, isAppError } from '@micro-ecommerce/pkg/errors';
import { withTransaction, type Pool, type PoolClient } from '@micro-ecommerce/pkg/postgres';
import { withBarrier } from '@micro-ecommerce/pkg/tcc';
import { IDEMPOTENCY_KEY_IN_USE } from '../../../app/place-order.js';
import type { NewOrder, OrderEvents } from '../../../app/ports.js';
import { orderCancelled, orderPaid } from '../../../domain/order-event.js';
import type { CancelledBy, OrderStatus } from '../../../domain/order.js';
import { ORDER_CHANGES_CHANNEL } from './order-history-rows.js';

/** The order branch's id within the checkout global transaction. */
export const ORDER_BRANCH_ID = 'order';

/** The order branch of checkout: the order's own TCC participant, in the order database. */
export interface OrderParticipant {
  try(xid: string, order: NewOrder): Promise<void>;
  confirm(xid: string): Promise<void>;
  cancel(xid: string): Promise<void>;
  /** The try, in one local transaction with `begin` (the coordinator logging the checkout: same database). */
  tryWith(xid: string, order: NewOrder, begin: (client: PoolClient) => Promise<void>): Promise<void>;
  /**
   * The confirm, in one local transaction with `decide` (the coordinator's TRYING → CONFIRMING) and inside the
   * OrderPaid transactional message: the order is PAID, its event on the way and the checkout decided, or none
   * of it. Resolves with decide's answer; when it is false nothing changed and the half message is rolled back.
   */
  confirmWith(xid: string, order: NewOrder, decide: (client: PoolClient) => Promise<boolean>): Promise<boolean>;
}

// The decision refused (the deadline passed): thrown inside the message's local transaction to roll both back.
const NOT_DECIDED = 'CHECKOUT_NOT_DECIDED';

// `placedAndPaid`: paid in the same go as it was placed (the decision carried the confirm), so one instant, the
// one the checkout's answer shows; a later confirm (phase two, recovery) is stamped when it happens. One statement
// (on the checkout's hot path): the UPDATE, its history row and the NOTIFY for live streams; one row if it changed.
const markPaid = (client: PoolClient, xid: string, placedAndPaid = false) =>
  client.query(
    `WITH paid AS (
       UPDATE orders SET status = 'PAID', updated_at = ${placedAndPaid ? 'created_at' : 'now()'} WHERE xid = $1 AND status = 'PENDING'
       RETURNING id),
     h AS (INSERT INTO order_status_history (order_id, status, event_type) SELECT id, 'PAID', 'OrderPaid' FROM paid RETURNING order_id)
     SELECT pg_notify('${ORDER_CHANGES_CHANNEL}', order_id::text) FROM h`,
    [xid],
  );

// The checkout's cancel: the reason the coordinator logged (or CANCELLED), with its history row and NOTIFY.
const markCancelled = (client: PoolClient, xid: string) =>
  client.query(
    `WITH cancelled AS (
       UPDATE orders SET status = 'CANCELLED', updated_at = now(), cancelled_by = 'checkout',
         cancel_reason = COALESCE((SELECT reason FROM tcc_global_tx WHERE xid = $1), 'CANCELLED')
       WHERE xid = $1 AND status = 'PENDING'
       RETURNING id, cancel_reason),
     h AS (INSERT INTO order_status_history (order_id, status, event_type, reason)
           SELECT id, 'CANCELLED', 'OrderCancelled', cancel_reason FROM cancelled RETURNING order_id)
     SELECT pg_notify('${ORDER_CHANGES_CHANNEL}', order_id::text) FROM h`,
    [xid],
  );

const insertOrder = async (client: PoolClient, xid: string, order: NewOrder) => {
  try {
    await client.query(
      `INSERT INTO orders (id, customer_id, status, total_cents, idempotency_key, xid, created_at, updated_at)
       VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $6)`,
      [order.id, order.customerId, order.totalCents.toString(), order.idempotencyKey, xid, order.placedAt],
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

/** What an order event needs to know about the order of a checkout, read before its half message is sent. */
interface OrderFacts {
  id: string;
  customer_id: string;
  xid: string;
  status: OrderStatus;
  cancelled_by: CancelledBy | null;
  total_cents: string;
  /** The cancel reason: recorded on the order, else the one the coordinator logged, else CANCELLED. */
  reason: string;
  items: { sku_id: string; quantity: number }[];
}

const readOrder = async (pool: Pool, xid: string): Promise<OrderFacts | null> => {
  const { rows } = await pool.query<OrderFacts>(
    `SELECT o.id, o.customer_id, o.xid, o.status, o.cancelled_by, o.total_cents::text AS total_cents,
       COALESCE(o.cancel_reason, (SELECT reason FROM tcc_global_tx WHERE xid = $1), 'CANCELLED') AS reason,
       COALESCE((SELECT json_agg(json_build_object('sku_id', i.sku_id, 'quantity', i.quantity) ORDER BY i.sku_id)
                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS items
     FROM orders o WHERE o.xid = $1`,
    [xid],
  );
  return rows[0] ?? null;
};

// Inside the local transaction: the message is committed once it resolves, so it must not announce what the
// order did not do (throwing lets the checker roll the half message back; the phase is retried). The history row
// of the event says it happened, whatever the order went on to (a PAID order may be ACCEPTED by a recovery's
// duplicate confirm).
const expectRecorded = async (client: PoolClient, xid: string, eventType: 'OrderPaid' | 'OrderCancelled') => {
  const { rows } = await client.query<{ status: OrderStatus }>(
    `SELECT o.status FROM orders o
     WHERE o.xid = $1 AND EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.event_type = $2)`,
    [xid, eventType],
  );
  if (rows.length === 0)
    throw new AppError('ABORTED', `the order of ${xid} has no ${eventType} in its history`, { reason: 'ORDER_STATE_CHANGED' });
};

/**
 * try inserts the order PENDING; confirm makes it PAID; cancel makes it CANCELLED with the reason the
 * coordinator logged for the xid (same database). Each runs behind the barrier, in one local transaction;
 * confirm and cancel publish OrderPaid / OrderCancelled as a transactional message around it.
 * A duplicate confirm or cancel publishes again: the envelope id is deterministic, consumers dedupe on it.
 */
export const createOrderParticipant = (pool: Pool, events: OrderEvents): OrderParticipant => {
  const key = (xid: string) => ({ xid, branchId: ORDER_BRANCH_ID });
  const tryIn = async (client: PoolClient, xid: string, order: NewOrder) => {
    const outcome = await withBarrier(client, key(xid), 'try', () => insertOrder(client, xid, order));
    // A try arriving after its cancel must not report success: the coordinator would think an order exists.
    if (outcome === 'suspended') throw new AppError('ABORTED', 'the checkout was already cancelled', { reason: 'TRANSACTION_CANCELLED' });
  };
  return {
    try: (xid, order) => withTransaction(pool, (client) => tryIn(client, xid, order)),

    tryWith: (xid, order, begin) =>
      withTransaction(pool, async (client) => {
        await begin(client);
        await tryIn(client, xid, order);
      }),

    async confirmWith(xid, order, decide) {
      // The event is made from the order in hand: the order was written by this checkout and is PENDING.
      const items = order.items.map((i) => ({ sku_id: i.skuId, quantity: i.quantity })).sort((a, b) => (a.sku_id < b.sku_id ? -1 : 1));
      const data = { order_id: order.id, customer_id: order.customerId, total_cents: Number(order.totalCents), items };
      let decided = false;
      await events
        .publishWith(orderPaid(data, new Date()), () =>
          withTransaction(pool, async (client) => {
            decided = await decide(client);
            if (!decided) throw new AppError('ABORTED', 'the checkout may no longer confirm', { reason: NOT_DECIDED });
            await withBarrier(client, key(xid), 'confirm', async () => {
              const { rowCount } = await markPaid(client, xid, true);
              if (rowCount !== 1) throw new AppError('ABORTED', `the order of ${xid} is not PENDING`, { reason: 'ORDER_STATE_CHANGED' });
            });
          }),
        )
        .catch((error: unknown) => {
          if (!(isAppError(error) && error.reason === NOT_DECIDED)) throw error;
        });
      return decided;
    },

    async confirm(xid) {
      const order = await readOrder(pool, xid);
      const apply = (announce: boolean) =>
        withTransaction(pool, async (client) => {
          await withBarrier(client, key(xid), 'confirm', async () => {
            await markPaid(client, xid);
          });
          if (announce) await expectRecorded(client, xid, 'OrderPaid');
        });
      // No order (its try never ran here) or one the checkout cancelled: there is nothing paid to announce.
      if (order === null || order.cancelled_by === 'checkout') return apply(false);
      const data = { order_id: order.id, customer_id: order.customer_id, total_cents: Number(order.total_cents), items: order.items };
      await events.publishWith(orderPaid(data, new Date()), () => apply(true));
    },

    async cancel(xid) {
      const order = await readOrder(pool, xid);
      const apply = (announce: boolean) =>
        withTransaction(pool, async (client) => {
          await withBarrier(client, key(xid), 'cancel', async () => {
            await markCancelled(client, xid);
          });
          if (announce) await expectRecorded(client, xid, 'OrderCancelled');
        });
      // No order (empty rollback) or a paid one (whatever became of it since): the checkout cancelled nothing.
      if (order === null || !(order.status === 'PENDING' || order.cancelled_by === 'checkout')) return apply(false);
      const data = {
        order_id: order.id,
        customer_id: order.customer_id,
        reason: order.reason,
        paid: false,
        cancelled_by: 'checkout' as const,
        xid: order.xid,
        total_cents: Number(order.total_cents),
        items: order.items,
      };
      await events.publishWith(orderCancelled(data, new Date()), () => apply(true));
    },
  };
};
