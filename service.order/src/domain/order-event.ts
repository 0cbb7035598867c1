import type { OrderStatus } from './order.js';

/** The `source` of every envelope the order service publishes. */
export const ORDER_EVENT_SOURCE = 'order';

/** data of OrderPaid: what was bought, so cart and loyalty can react without calling back. */
export interface OrderPaidData {
  order_id: string;
  customer_id: string;
  total_cents: number;
  items: { sku_id: string; quantity: number }[];
}

/** data of OrderCancelled: reason is the checkout failure code (e.g. OUT_OF_STOCK) or CANCELLED. */
export interface OrderCancelledData {
  order_id: string;
  customer_id: string;
  reason: string;
}

/** An order event envelope (DESIGN.md §7); its id is deterministic so consumers can dedupe a re-publication. */
export type OrderEvent =
  | { id: string; type: 'OrderPaid'; occurred_at: string; source: string; data: OrderPaidData }
  | { id: string; type: 'OrderCancelled'; occurred_at: string; source: string; data: OrderCancelledData };

/** The OrderPaid envelope of an order: id `OrderPaid:<order_id>`. */
export const orderPaid = (data: OrderPaidData, occurredAt: Date): OrderEvent => ({
  id: `OrderPaid:${data.order_id}`,
  type: 'OrderPaid',
  occurred_at: occurredAt.toISOString(),
  source: ORDER_EVENT_SOURCE,
  data,
});

/** The OrderCancelled envelope of an order: id `OrderCancelled:<order_id>`. */
export const orderCancelled = (data: OrderCancelledData, occurredAt: Date): OrderEvent => ({
  id: `OrderCancelled:${data.order_id}`,
  type: 'OrderCancelled',
  occurred_at: occurredAt.toISOString(),
  source: ORDER_EVENT_SOURCE,
  data,
});

/** The order status an event announces. */
export const statusAnnounced = (type: string): OrderStatus | null =>
  type === 'OrderPaid' ? 'PAID' : type === 'OrderCancelled' ? 'CANCELLED' : null;

/**
 * How a half message resolves given the order's status now: COMMIT when the order reached the announced status,
 * UNKNOWN while it is PENDING (the local transaction may still commit), ROLLBACK otherwise (other final status,
 * unknown order, or an event type this service never publishes).
 */
export const decideHalfMessage = (type: string, status: OrderStatus | null): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  const announced = statusAnnounced(type);
  if (announced === null || status === null) return 'ROLLBACK';
  if (status === announced) return 'COMMIT';
  return status === 'PENDING' ? 'UNKNOWN' : 'ROLLBACK';
};
