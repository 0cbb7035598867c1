import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { NotificationInbox, NotificationPage } from '../../../app/ports.js';
import { isCustomerId } from '../../../domain/customer.js';
import type { Notification, NotificationKind } from '../../../domain/notification.js';

interface NotificationRow {
  id: string;
  customer_id: string;
  order_id: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'id, customer_id, order_id, kind, subject, body, created_at, read_at';

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  customerId: row.customer_id,
  orderId: row.order_id,
  kind: row.kind,
  subject: row.subject,
  body: row.body,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/** The recipients' view of the `notifications` table; every query is scoped to the caller's customer id. */
export class PostgresNotificationInbox implements NotificationInbox {
  constructor(private readonly pool: Pool) {}

  async list(customerId: string, { page, pageSize }: { page: number; pageSize: number }): Promise<NotificationPage> {
    if (!isCustomerId(customerId)) return { notifications: [], total: 0, unread: 0 };
    // Newest first; the id breaks ties between notifications of one transaction (same created_at).
    const [{ rows }, counts] = await Promise.all([
      this.pool.query<NotificationRow>(
        `SELECT ${COLUMNS} FROM notifications WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [customerId, pageSize, (page - 1) * pageSize],
      ),
      this.pool.query<{ total: bigint; unread: bigint }>(
        'SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread FROM notifications WHERE customer_id = $1',
        [customerId],
      ),
    ]);
    return { notifications: rows.map(toNotification), total: Number(counts.rows[0]!.total), unread: Number(counts.rows[0]!.unread) };
  }

  async markRead(customerId: string, notificationId: string): Promise<Notification | null> {
    if (!isCustomerId(customerId) || !isUuid(notificationId)) return null;
    // COALESCE keeps the first read_at, so marking twice changes nothing.
    const { rows } = await this.pool.query<NotificationRow>(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND customer_id = $2 RETURNING ${COLUMNS}`,
      [notificationId, customerId],
    );
    return rows[0] === undefined ? null : toNotification(rows[0]);
  }

  async markAllRead(customerId: string): Promise<number> {
    if (!isCustomerId(customerId)) return 0;
    const { rowCount } = await this.pool.query('UPDATE notifications SET read_at = now() WHERE customer_id = $1 AND read_at IS NULL', [
      customerId,
    ]);
    return rowCount ?? 0;
  }
}
