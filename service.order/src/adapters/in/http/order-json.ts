import type { Order } from '../../../domain/order.js';

/** The public JSON of an order (snake_case, integer cents, ISO dates). */
export const orderJson = (order: Order) => ({
  id: order.id,
  status: order.status,
  cancel_reason: order.cancelReason,
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
