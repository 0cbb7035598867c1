import { withTransaction, type Pool } from '@micro-ecommerce/pkg/postgres';
import type { NotificationOutbox, OutgoingNotification } from '../../../app/ports.js';
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
 * The sending side of the `notifications` table: `sent_at IS NULL` is the queue. A notification is held with a
 * row lock (FOR UPDATE SKIP LOCKED) for the time of its send, in its own short transaction, so two dispatchers
 * (the send after the consumer's commit and the periodic retry, or two replicas) never send it together, and a
 * crash loses at most the mark of one sent notification.
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

  async deliverOnce(id: string, deliver: (notification: OutgoingNotification) => Promise<void>): Promise<boolean> {
    let failure: { error: unknown } | undefined;
    const delivered = await withTransaction(this.pool, async (client) => {
      // The recipient's current email: a notification follows the account's address changes until it is sent.
      const { rows } = await client.query<OutgoingRow>(
        `SELECT n.id, c.email, n.kind, n.order_id, n.subject, n.body, n.created_at
         FROM notifications n JOIN customers c ON c.id = n.customer_id
         WHERE n.id = $1 AND n.sent_at IS NULL FOR UPDATE OF n SKIP LOCKED`,
        [id],
      );
      const row = rows[0];
      if (row === undefined) return false;
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
      } catch (error) {
        // The failed attempt is recorded (committed), and the error reaches the caller after the commit.
        failure = { error };
        await client.query('UPDATE notifications SET send_attempts = send_attempts + 1, last_error = $2 WHERE id = $1', [
          id,
          String(error instanceof Error ? error.message : error).slice(0, 1000),
        ]);
        return false;
      }
      await client.query('UPDATE notifications SET sent_at = now(), send_attempts = send_attempts + 1, last_error = NULL WHERE id = $1', [
        id,
      ]);
      return true;
    });
    if (failure !== undefined) throw failure.error;
    return delivered;
  }
}
