import type { CancelledBy, Order, OrderStatus } from '../../../domain/order.js';

/** A row of `orders` with its items aggregated as JSON (ORDER_SELECT). */
export interface OrderRow {
  id: string;
  customer_id: string;
  xid: string | null;
  status: OrderStatus;
  cancel_reason: string | null;
  cancelled_by: CancelledBy | null;
  refund_issued_at: Date | null;
  stock_returned_at: Date | null;
  total_cents: bigint;
  created_at: Date;
  updated_at: Date;
  items: { sku_id: string; title: string; quantity: number; unit_price_cents: string }[];
}

/** Orders with their items; cents travel as text in the JSON aggregate, as json numbers would pass a JS float. */
export const ORDER_SELECT = `
  SELECT o.id, o.customer_id, o.xid, o.status, o.cancel_reason, o.cancelled_by, o.refund_issued_at, o.stock_returned_at,
    o.total_cents, o.created_at, o.updated_at,
    COALESCE((SELECT json_agg(json_build_object('sku_id', i.sku_id, 'title', i.title, 'quantity', i.quantity,
                'unit_price_cents', i.unit_price_cents::text) ORDER BY i.sku_id)
              FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS items
  FROM orders o`;

const paidCancellation = (by: CancelledBy | null) => by === 'customer' || by === 'staff';

/** Maps an ORDER_SELECT row to the domain order. */
export const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  customerId: row.customer_id,
  xid: row.xid,
  status: row.status,
  cancelReason: row.cancel_reason,
  cancelledBy: row.cancelled_by,
  refund: paidCancellation(row.cancelled_by) ? { refundIssuedAt: row.refund_issued_at, stockReturnedAt: row.stock_returned_at } : null,
  totalCents: BigInt(row.total_cents),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  items: row.items.map((item) => ({
    skuId: item.sku_id,
    title: item.title,
    quantity: Number(item.quantity),
    unitPriceCents: BigInt(item.unit_price_cents),
  })),
});
