import type { Notification, NotificationKind } from '../domain/notification.js';

/** One page of an inbox, newest first, with the counts the client shows. */
export interface NotificationPage {
  notifications: Notification[];
  total: number;
  unread: number;
}

/** The recipients' side of the notifications table. */
export interface NotificationInbox {
  list(customerId: string, page: { page: number; pageSize: number }): Promise<NotificationPage>;
  /** Marks one of the customer's notifications read (keeping the first read_at); null when it is not theirs. */
  markRead(customerId: string, notificationId: string): Promise<Notification | null>;
  /** Marks every unread notification of the customer read; resolves with how many changed. */
  markAllRead(customerId: string): Promise<number>;
}

/** A notification on its way out, addressed to its recipient's current email. */
export interface OutgoingNotification {
  id: string;
  to: string;
  kind: NotificationKind;
  orderId: string;
  subject: string;
  body: string;
  createdAt: Date;
}

/** Delivers a notification (an .eml file locally, SMTP where a host is configured); throws when it could not. */
export interface NotificationSender {
  send(notification: OutgoingNotification): Promise<void>;
  close?(): Promise<void>;
}

/** The sending side of the notifications table: what is still to send, and sending one exactly once. */
export interface NotificationOutbox {
  /** Ids of notifications not sent yet that have attempts left, oldest first, at most `limit`, among `ids` when given. */
  unsent(limit: number, ids?: readonly string[]): Promise<string[]>;
  /**
   * Holds the notification while `deliver` runs (a second sender skips it), then marks it sent; a throwing
   * `deliver` counts a failed attempt and rethrows. Resolves false, without delivering, when the notification is
   * already sent or held by another sender.
   */
  deliverOnce(id: string, deliver: (notification: OutgoingNotification) => Promise<void>): Promise<boolean>;
}
