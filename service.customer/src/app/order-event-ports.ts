import type { NotificationContent } from '../domain/notification.js';
import type { CustomerEvent, ReferralCommission } from '../domain/referral-commission.js';

/** A notification to write for one order event. */
export interface NewNotification extends NotificationContent {
  orderId: string;
  eventId: string;
}

/** The writes an order event's processing makes, all in the one transaction that records the event as processed. */
export interface OrderEventEffects {
  /** Adds loyalty points; false when there is no such customer. */
  awardPoints(customerId: string, points: number): Promise<boolean>;
  /** Takes back up to `points` loyalty points, never below zero; resolves with the points taken. */
  revokePoints(customerId: string, points: number): Promise<number>;
  /** Whether this consumer group processed `eventId` (committed before this transaction). */
  wasProcessed(eventId: string): Promise<boolean>;
  /** Writes a notification for the customer; null when there is no such customer or it exists already. */
  notifyCustomer(customerId: string, notification: NewNotification): Promise<string | null>;
  /** Writes the notification for every staff account; resolves with the ids written. */
  notifyStaff(notification: NewNotification): Promise<string[]>;
  /** Records an EARNED commission; false when the order has a commission row already (of any state). */
  earnCommission(commission: ReferralCommission): Promise<boolean>;
  /** Turns the order's EARNED commission REVERSED (one earned on payment under the old rule); false when it is not EARNED. */
  reverseCommission(orderId: string): Promise<boolean>;
}

/** The customer service's storage as the order-events consumer sees it. */
export interface OrderEventStore {
  /** Whether the event was processed (read before deciding what to publish). */
  isProcessed(eventId: string): Promise<boolean>;
  /** The id of the account that referred this customer; null when not referred or unknown. */
  referrerOf(customerId: string): Promise<string | null>;
  commissionOf(orderId: string): Promise<ReferralCommission | null>;
  /**
   * Runs `work` in one transaction that first records `eventId` as processed; resolves `{ applied: false }`
   * without running it when the event was processed before. A throw rolls everything back.
   */
  applyOnce<T>(
    eventId: string,
    work: (effects: OrderEventEffects) => Promise<T>,
  ): Promise<{ applied: true; result: T } | { applied: false }>;
}

/**
 * Publishes a commission event atomically with a local transaction (RocketMQ transactional message): the event is
 * delivered if and only if `localTransaction` committed.
 */
export interface CommissionEvents {
  publishWith<T>(event: CustomerEvent, localTransaction: () => Promise<T>): Promise<T>;
}
