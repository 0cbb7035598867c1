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

/** What one delivery pass did; `error` is the failure that ended it early, if any. */
export interface DeliveryResult {
  sent: number;
  error?: unknown;
}

/** The sending side of the notifications table: what is still to send, and sending it exactly once. */
export interface NotificationOutbox {
  /** Ids of notifications not sent yet that have attempts left, oldest first, at most `limit`, among `ids` when given. */
  unsent(limit: number, ids?: readonly string[]): Promise<string[]>;
  /**
   * Takes up to `limit` of those (among `ids` when given), holds them while `deliver` runs on each in turn (a
   * second sender skips them), and marks the delivered ones sent, all in one transaction. A throwing `deliver`
   * counts a failed attempt for that notification and ends the pass; the error comes back in the result.
   */
  deliverBatch(
    limit: number,
    ids: readonly string[] | undefined,
    deliver: (notification: OutgoingNotification) => Promise<void>,
  ): Promise<DeliveryResult>;
}
