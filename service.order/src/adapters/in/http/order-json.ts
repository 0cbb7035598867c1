import type { Order } from '../../../domain/order.js';
import type { StatusChange } from '../../../domain/status-change.js';

const isoOrNull = (date: Date | null) => (date === null ? null : date.toISOString());

/** The public JSON of an order (snake_case, integer cents, ISO dates). */
export const orderJson = (order: Order) => ({
  id: order.id,
  customer_id: order.customerId,
  status: order.status,
  cancel_reason: order.cancelReason,
  cancelled_by: order.cancelledBy,
  // Only for an order cancelled after payment: which of the two confirmations REFUNDED waits for are in.
  refund:
    order.refund === null
      ? null
      : {
          refund_issued: order.refund.refundIssuedAt !== null,
          stock_returned: order.refund.stockReturnedAt !== null,
          refund_issued_at: isoOrNull(order.refund.refundIssuedAt),
          stock_returned_at: isoOrNull(order.refund.stockReturnedAt),
        },
  total_cents: Number(order.totalCents),
  items: order.items.map((item) => ({
    sku_id: item.skuId,
    title: item.title,
    quantity: item.quantity,
    unit_price_cents: Number(item.unitPriceCents),
  })),
  created_at: order.createdAt.toISOString(),
  updated_at: order.updatedAt.toISOString(),
});

/** The data of a live-tracking event: one history row. */
export const statusChangeJson = (change: StatusChange) => ({
  order_id: change.orderId,
  seq: change.seq,
  status: change.status,
  event_type: change.eventType,
  actor_id: change.actorId,
  reason: change.reason,
  occurred_at: change.occurredAt.toISOString(),
});
