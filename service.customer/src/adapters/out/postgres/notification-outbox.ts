import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import type { DeliveryResult, NotificationOutbox, OutgoingNotification } from '../../../app/ports.js';
import type { NotificationKind } from '../../../domain/notification.js';

/** Sends a notification gets before it is left unsent for good (and logged by the dispatcher). */
export const MAX_SEND_ATTEMPTS = 10;

interface OutgoingRow {
  id: string;
  email: string;
  kind: NotificationKind;
  order_id: string;
  subject: string;
  body: string;
  created_at: Date;
}

/**
 * The sending side of the `notifications` table: `sent_at IS NULL` is the queue. A pass holds its notifications
 * with row locks (FOR UPDATE SKIP LOCKED) for the time of their sends, in one transaction (one round of BEGIN,
 * SELECT, UPDATE, COMMIT per pass instead of per notification), so two dispatchers (the send after the consumer's
 * commit and the periodic retry, or two replicas) never send one together, and a crash loses at most the marks of
 * one pass's sent notifications (they are sent again).
 */
export class PostgresNotificationOutbox implements NotificationOutbox {
  constructor(private readonly pool: Pool) {}

  async unsent(limit: number, ids?: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM notifications
       WHERE sent_at IS NULL AND send_attempts < $1 AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
       ORDER BY created_at, id LIMIT $2`,
      [MAX_SEND_ATTEMPTS, limit, ids ?? null],
    );
    return rows.map((row) => row.id);
  }

  async deliverBatch(
    limit: number,
    ids: readonly string[] | undefined,
    deliver: (notification: OutgoingNotification) => Promise<void>,
  ): Promise<DeliveryResult> {
    return withTransaction(this.pool, async (client) => {
      // The recipient's current email: a notification follows the account's address changes until it is sent.
      const { rows } = await client.query<OutgoingRow>(
        `SELECT n.id, c.email, n.kind, n.order_id, n.subject, n.body, n.created_at
         FROM notifications n JOIN customers c ON c.id = n.customer_id
         WHERE n.sent_at IS NULL AND n.send_attempts < $1 AND ($3::uuid[] IS NULL OR n.id = ANY($3::uuid[]))
         ORDER BY n.created_at, n.id LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
        [MAX_SEND_ATTEMPTS, limit, ids ?? null],
      );
      const sent: string[] = [];
      let error: unknown;
      for (const row of rows) {
        try {
          await deliver({
            id: row.id,
            to: row.email,
            kind: row.kind,
            orderId: row.order_id,
            subject: row.subject,
            body: row.body,
            createdAt: row.created_at,
          });
          sent.push(row.id);
        } catch (failure) {
          // The failed attempt is recorded with the others (committed); the next pass tries again.
          error = failure;
          await client.query('UPDATE notifications SET send_attempts = send_attempts + 1, last_error = $2 WHERE id = $1', [
            row.id,
            String(failure instanceof Error ? failure.message : failure).slice(0, 1000),
          ]);
          break;
        }
      }
      if (sent.length > 0)
        await client.query(
          'UPDATE notifications SET sent_at = now(), send_attempts = send_attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])',
          [sent],
        );
      return error === undefined ? { sent: sent.length } : { sent: sent.length, error };
    });
  }
}
