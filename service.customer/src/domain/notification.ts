import type { OrderEvent } from './order-event.js';

/** What a notification is about; staff get STAFF_ORDER_PAID, the order's customer one of the others. */
export const NOTIFICATION_KINDS = [
  'ORDER_PAID',
  'ORDER_ACCEPTED',
  'ORDER_SHIPPED',
  'ORDER_DELIVERED',
  'ORDER_CANCELLED',
  'ORDER_REFUNDED',
  'STAFF_ORDER_PAID',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The text of a notification: the inbox shows it, the e-mail carries it. */
export interface NotificationContent {
  kind: NotificationKind;
  subject: string;
  body: string;
}

/** A notification as its recipient reads it. */
export interface Notification extends NotificationContent {
  id: string;
  customerId: string;
  orderId: string;
  createdAt: Date;
  readAt: Date | null;
}

/** 12345 → "123.45": amounts are integer cents, shown with two decimals (the shop has one currency). */
export const formatCents = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

// Order ids are UUIDs: the first block is enough to tell one's orders apart in a subject line.
const shortId = (orderId: string): string => orderId.slice(0, 8);

const REASONS: Record<string, string> = {
  OUT_OF_STOCK: 'an item is out of stock',
  INSUFFICIENT_FUNDS: 'your wallet balance was too low',
  TIMEOUT: 'the checkout took too long',
  SKU_NOT_PURCHASABLE: 'an item can no longer be bought',
};
const readableReason = (reason: string): string => REASONS[reason] ?? reason;

const SIGNATURE = '\n\nmicro-ecommerce';

/** The notification the order's customer receives for an order event. */
export const customerNotification = (event: OrderEvent): NotificationContent => {
  const ref = shortId(event.orderId);
  const id = event.orderId;
  switch (event.type) {
    case 'OrderPaid':
      return {
        kind: 'ORDER_PAID',
        subject: `Order ${ref} is paid`,
        body: `Thank you! We received the payment of ${formatCents(event.totalCents)} for order ${id}. We will tell you when it is accepted.${SIGNATURE}`,
      };
    case 'OrderAccepted':
      return {
        kind: 'ORDER_ACCEPTED',
        subject: `Order ${ref} is accepted`,
        body: `Order ${id} is accepted and being prepared. We will tell you when it ships.${SIGNATURE}`,
      };
    case 'OrderShipped':
      return {
        kind: 'ORDER_SHIPPED',
        subject: `Order ${ref} has shipped`,
        body: `Order ${id} is on its way.${SIGNATURE}`,
      };
    case 'OrderDelivered':
      return {
        kind: 'ORDER_DELIVERED',
        subject: `Order ${ref} is delivered`,
        body: `Order ${id} has been delivered. Enjoy!${SIGNATURE}`,
      };
    case 'OrderCancelled':
      return { kind: 'ORDER_CANCELLED', subject: `Order ${ref} is cancelled`, body: cancellationBody(event) + SIGNATURE };
    case 'OrderRefunded':
      return {
        kind: 'ORDER_REFUNDED',
        subject: `Order ${ref} is refunded`,
        body: `The refund of ${formatCents(event.totalCents)} for order ${id} is back in your wallet.${SIGNATURE}`,
      };
  }
};

const cancellationBody = (event: Extract<OrderEvent, { type: 'OrderCancelled' }>): string => {
  if (!event.paid) return `Order ${event.orderId} could not be completed: ${readableReason(event.reason)}. Nothing was charged.`;
  const by =
    event.cancelledBy === 'customer'
      ? 'at your request'
      : event.cancelledBy === 'staff'
        ? `by our staff (${event.reason})`
        : `(${event.reason})`;
  const amount = event.totalCents === null ? 'The amount you paid' : `The ${formatCents(event.totalCents)} you paid`;
  return `Order ${event.orderId} was cancelled ${by}. ${amount} will be refunded to your wallet; we will tell you when it is.`;
};

/** The notification every staff account receives for a paid order: it waits to be accepted. */
export const staffOrderPaidNotification = (event: Extract<OrderEvent, { type: 'OrderPaid' }>): NotificationContent => ({
  kind: 'STAFF_ORDER_PAID',
  subject: `New paid order ${shortId(event.orderId)} (${formatCents(event.totalCents)})`,
  body: `Order ${event.orderId} of customer ${event.customerId} was paid (${formatCents(event.totalCents)}) and waits to be accepted.${SIGNATURE}`,
});
