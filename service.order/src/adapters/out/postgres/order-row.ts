import type { Order, OrderStatus } from '../../../domain/order.js';

/** A row of `orders` with its items aggregated as JSON (ORDER_SELECT). */
export interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  cancel_reason: string | null;
  total_cents: bigint;
  created_at: Date;
  updated_at: Date;
  items: { sku_id: string; title: string; quantity: number; unit_price_cents: string }[];
}

/** Orders with their items; cents travel as text in the JSON aggregate, as json numbers would pass a JS float. */
export const ORDER_SELECT = `
  SELECT o.id, o.customer_id, o.status, o.cancel_reason, o.total_cents, o.created_at, o.updated_at,
    COALESCE((SELECT json_agg(json_build_object('sku_id', i.sku_id, 'title', i.title, 'quantity', i.quantity,
                'unit_price_cents', i.unit_price_cents::text) ORDER BY i.sku_id)
              FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS items
  FROM orders o`;

/** Maps an ORDER_SELECT row to the domain order. */
export const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  cancelReason: row.cancel_reason,
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
