import type { NotificationInbox, NotificationPage } from '../../src/app/ports.js';
import type { Notification } from '../../src/domain/notification.js';

/** An in-memory NotificationInbox with the table's rules: newest first, scoped to the owner, first read_at kept. */
export class FakeNotificationInbox implements NotificationInbox {
  readonly notifications: Notification[] = [];

  add(customerId: string, fields: Partial<Notification> = {}): Notification {
    const notification: Notification = {
      id: crypto.randomUUID(),
      customerId,
      orderId: crypto.randomUUID(),
      kind: 'ORDER_PAID',
      subject: 'Order is paid',
      body: 'Thank you!',
      createdAt: new Date(Date.now() + this.notifications.length),
      readAt: null,
      ...fields,
    };
    this.notifications.push(notification);
    return notification;
  }

  private of(customerId: string): Notification[] {
    return this.notifications.filter((n) => n.customerId === customerId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async list(customerId: string, { page, pageSize }: { page: number; pageSize: number }): Promise<NotificationPage> {
    const own = this.of(customerId);
    return {
      notifications: own.slice((page - 1) * pageSize, page * pageSize),
      total: own.length,
      unread: own.filter((n) => n.readAt === null).length,
    };
  }

  async markRead(customerId: string, notificationId: string): Promise<Notification | null> {
    const notification = this.of(customerId).find((n) => n.id === notificationId);
    if (notification === undefined) return null;
    notification.readAt ??= new Date();
    return notification;
  }

  async markAllRead(customerId: string): Promise<number> {
    const unread = this.of(customerId).filter((n) => n.readAt === null);
    for (const n of unread) n.readAt = new Date();
    return unread.length;
  }
}
