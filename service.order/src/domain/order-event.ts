import type { CancelledBy, OrderStatus } from './order.js';

/** The `source` of every envelope the order service publishes. */
export const ORDER_EVENT_SOURCE = 'order';

/** An order line as events carry it: SKU and units, so stock and cart can react without calling back. */
export interface EventItem {
  sku_id: string;
  quantity: number;
}

/** data of OrderPaid: what was bought, so cart and loyalty can react without calling back. */
export interface OrderPaidData {
  order_id: string;
  customer_id: string;
  total_cents: number;
  items: EventItem[];
}

/**
 * data of OrderCancelled. paid=false: the checkout was refused (reason OUT_OF_STOCK, TIMEOUT...; nothing was
 * taken). paid=true: the customer or staff cancelled a paid order; payment refunds total_cents of the checkout
 * `xid` and product returns its units.
 */
export interface OrderCancelledData {
  order_id: string;
  customer_id: string;
  reason: string;
  paid: boolean;
  cancelled_by: CancelledBy;
  /** The checkout's global transaction id (its debit and reservation are keyed by it). */
  xid: string | null;
  total_cents: number;
  items: EventItem[];
}

/**
 * data of OrderAccepted / OrderShipped / OrderDelivered: the staff member who moved it, and the paid total, since a
 * shipped order can no longer be cancelled and its referrer's commission is earned from OrderShipped.
 */
export interface OrderFulfilmentData {
  order_id: string;
  customer_id: string;
  status: 'ACCEPTED' | 'SHIPPED' | 'DELIVERED';
  actor_id: string;
  total_cents: number;
}

/** data of OrderRefunded: payment and product both confirmed (RefundIssued, StockReturned). */
export interface OrderRefundedData {
  order_id: string;
  customer_id: string;
  total_cents: number;
}

type Envelope<T extends string, D> = { id: string; type: T; occurred_at: string; source: string; data: D };

/** An order event envelope (DESIGN.md §7); its id is deterministic so consumers can dedupe a re-publication. */
export type OrderEvent =
  | Envelope<'OrderPaid', OrderPaidData>
  | Envelope<'OrderCancelled', OrderCancelledData>
  | Envelope<'OrderAccepted' | 'OrderShipped' | 'OrderDelivered', OrderFulfilmentData>
  | Envelope<'OrderRefunded', OrderRefundedData>;

export type OrderEventType = OrderEvent['type'];

/** Every event type the order service publishes (on order-events). */
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'OrderPaid',
  'OrderCancelled',
  'OrderAccepted',
  'OrderShipped',
  'OrderDelivered',
  'OrderRefunded',
];

// One event of each type per order: `<Type>:<order_id>`.
const envelope = <T extends string, D extends { order_id: string }>(type: T, data: D, occurredAt: Date): Envelope<T, D> => ({
  id: `${type}:${data.order_id}`,
  type,
  occurred_at: occurredAt.toISOString(),
  source: ORDER_EVENT_SOURCE,
  data,
});

/** The OrderPaid envelope of an order: id `OrderPaid:<order_id>`. */
export const orderPaid = (data: OrderPaidData, occurredAt: Date): OrderEvent => envelope('OrderPaid', data, occurredAt);

/** The OrderCancelled envelope of an order: id `OrderCancelled:<order_id>` (an order is cancelled at most once). */
export const orderCancelled = (data: OrderCancelledData, occurredAt: Date): OrderEvent => envelope('OrderCancelled', data, occurredAt);

/** OrderAccepted / OrderShipped / OrderDelivered: id `<Type>:<order_id>`. */
export const orderFulfilment = (
  type: 'OrderAccepted' | 'OrderShipped' | 'OrderDelivered',
  data: OrderFulfilmentData,
  occurredAt: Date,
): OrderEvent => envelope(type, data, occurredAt);

/** The OrderRefunded envelope: id `OrderRefunded:<order_id>`. */
export const orderRefunded = (data: OrderRefundedData, occurredAt: Date): OrderEvent => envelope('OrderRefunded', data, occurredAt);

/**
 * How long after its occurred_at a post-payment event's local transaction may still be running: a check-back
 * before that finds no history row answers UNKNOWN (ask again), after it ROLLBACK.
 */
export const LOCAL_TRANSACTION_GRACE_MS = 60_000;

/** What the checker reads about the event's order: its status and whether the event's history row exists. */
export interface HalfMessageFacts {
  status: OrderStatus;
  /** A history row of the event's type exists for the order: the local transaction committed. */
  recorded: boolean;
}

/**
 * How a half message resolves. COMMIT once the order's history holds the event (even if the order moved on:
 * an OrderAccepted stays true when the order is SHIPPED). Otherwise the checkout's events (OrderPaid,
 * OrderCancelled with paid=false) wait while the order is PENDING and roll back once it is not (the checkout
 * went the other way); post-payment events wait while their local transaction may still run
 * (LOCAL_TRANSACTION_GRACE_MS), then roll back. Unknown orders and foreign types roll back.
 */
export const decideHalfMessage = (
  event: { type: string; paid: boolean; ageMs: number },
  order: HalfMessageFacts | null,
): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  if (!(ORDER_EVENT_TYPES as readonly string[]).includes(event.type) || order === null) return 'ROLLBACK';
  if (order.recorded) return 'COMMIT';
  const checkoutEvent = event.type === 'OrderPaid' || (event.type === 'OrderCancelled' && !event.paid);
  if (checkoutEvent) return order.status === 'PENDING' ? 'UNKNOWN' : 'ROLLBACK';
  return event.ageMs < LOCAL_TRANSACTION_GRACE_MS ? 'UNKNOWN' : 'ROLLBACK';
};
