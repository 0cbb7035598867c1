import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Notification } from '../domain/notification.js';
import type { NotificationInbox, NotificationPage } from './ports.js';

const notificationNotFound = (id: string) =>
  new AppError('NOT_FOUND', `notification ${id} not found`, { reason: 'NOTIFICATION_NOT_FOUND', details: { notification_id: id } });

/** The caller's inbox: list (newest first, with the unread count), mark one read, mark all read. */
export const makeNotificationUseCases = (deps: { inbox: NotificationInbox }) => ({
  listNotifications: (customerId: string, page: { page: number; pageSize: number }): Promise<NotificationPage> =>
    deps.inbox.list(customerId, page),

  /** Idempotent: reading a read notification keeps its first read_at. Someone else's is NOT_FOUND, like an unknown one. */
  markNotificationRead: async (customerId: string, notificationId: string): Promise<Notification> => {
    const notification = await deps.inbox.markRead(customerId, notificationId);
    if (notification === null) throw notificationNotFound(notificationId);
    return notification;
  },

  markAllNotificationsRead: async (customerId: string): Promise<{ marked: number }> => ({
    marked: await deps.inbox.markAllRead(customerId),
  }),
});

export type NotificationUseCases = ReturnType<typeof makeNotificationUseCases>;
