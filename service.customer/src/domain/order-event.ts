/**
 * The order events the customer service reacts to, as the consumer parsed them (only the fields it uses). Each
 * carries its envelope id (`<Type>:<order_id>`), the key of its processed record and of its notifications.
 */
export type OrderEvent =
  | { type: 'OrderPaid'; eventId: string; orderId: string; customerId: string; totalCents: number }
  | {
      type: 'OrderAccepted' | 'OrderShipped' | 'OrderDelivered';
      eventId: string;
      orderId: string;
      customerId: string;
      /** The paid total; null on an event published before the field existed. */
      totalCents: number | null;
    }
  | {
      type: 'OrderCancelled';
      eventId: string;
      orderId: string;
      customerId: string;
      /** A checkout failure code (OUT_OF_STOCK, INSUFFICIENT_FUNDS, TIMEOUT...) or the canceller's reason. */
      reason: string;
      /** True when the order had been paid: a refund follows (and a commission earned under the old rule is reversed). */
      paid: boolean;
      /** 'checkout' | 'customer' | 'staff' (absent from a checkout's cancellation before the field existed). */
      cancelledBy: string | null;
      totalCents: number | null;
    }
  | { type: 'OrderRefunded'; eventId: string; orderId: string; customerId: string; totalCents: number };

export type OrderEventType = OrderEvent['type'];

/** Every order event type the service consumes (the broker filters the topic's other tags out). */
export const CONSUMED_ORDER_EVENTS: readonly OrderEventType[] = [
  'OrderPaid',
  'OrderAccepted',
  'OrderShipped',
  'OrderDelivered',
  'OrderCancelled',
  'OrderRefunded',
];

/** The envelope id of an order's OrderPaid, as the order service sets it. */
export const orderPaidEventId = (orderId: string): string => `OrderPaid:${orderId}`;
