import type { PoolClient } from '@micro-ecommerce/pkg/postgres';
import type { OrderStatus } from '../../../domain/order.js';

/**
 * The PostgreSQL channel a history row is announced on (payload: the order id). NOTIFY is delivered when the
 * writing transaction commits, to every session listening on the order database: any replica's live streams.
 */
export const ORDER_CHANGES_CHANNEL = 'order_changes';

export interface HistoryEntry {
  status: OrderStatus;
  eventType: string;
  actorId: string | null;
  reason: string | null;
}

/**
 * Appends a history row for the order and notifies live streams, in the caller's transaction. Call it with the
 * order row locked (FOR UPDATE or the UPDATE that changes it): the lock makes one order's rows take their seq
 * in commit order, so a stream that read up to seq N never meets a later-committed row below N.
 */
export const appendHistory = async (client: PoolClient, orderId: string, entry: HistoryEntry): Promise<void> => {
  await client.query(
    `WITH h AS (
       INSERT INTO order_status_history (order_id, status, event_type, actor_id, reason) VALUES ($1, $2, $3, $4, $5)
       RETURNING order_id)
     SELECT pg_notify('${ORDER_CHANGES_CHANNEL}', order_id::text) FROM h`,
    [orderId, entry.status, entry.eventType, entry.actorId, entry.reason],
  );
};
