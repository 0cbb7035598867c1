import { AppError } from '@micro-ecommerce/pkg/errors';

/** PENDING while the checkout runs; then PAID or CANCELLED; after payment the fulfilment statuses (order-status.ts). */
export const ORDER_STATUSES = ['PENDING', 'PAID', 'ACCEPTED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who cancelled: the checkout (never paid), or the customer / staff after payment (a refund follows). */
export type CancelledBy = 'checkout' | 'customer' | 'staff';

/** One line of an order, priced when the order was placed. */
export interface OrderItem {
  skuId: string;
  title: string;
  quantity: number;
  unitPriceCents: bigint;
}

/** How far the refund of an order cancelled after payment got: each set once payment / product confirmed. */
export interface RefundProgress {
  refundIssuedAt: Date | null;
  stockReturnedAt: Date | null;
}

export interface Order {
  id: string;
  customerId: string;
  /** The checkout's global transaction id (its debit and stock reservation are keyed by it). */
  xid: string | null;
  status: OrderStatus;
  /** Why it was cancelled (OUT_OF_STOCK, INSUFFICIENT_FUNDS, TIMEOUT... or the canceller's reason); null unless CANCELLED / REFUNDED. */
  cancelReason: string | null;
  /** null unless CANCELLED / REFUNDED. */
  cancelledBy: CancelledBy | null;
  /** Only for an order cancelled after payment (cancelled by the customer or staff); null otherwise. */
  refund: RefundProgress | null;
  totalCents: bigint;
  items: OrderItem[];
  createdAt: Date;
  updatedAt: Date;
}

/** What a customer asks for: units of a SKU. */
export interface RequestedItem {
  skuId: string;
  quantity: number;
}

/** Sums the quantities of lines naming the same SKU, keeping first-seen order: an order has one line per SKU. */
export const mergeItems = (items: readonly RequestedItem[]): RequestedItem[] => {
  const merged = new Map<string, number>();
  for (const item of items) {
    if (!Number.isInteger(item.quantity) || item.quantity <= 0)
      throw new AppError('INVALID_ARGUMENT', 'quantity must be a positive integer', {
        reason: 'INVALID_QUANTITY',
        details: { sku_id: item.skuId, quantity: item.quantity },
      });
    merged.set(item.skuId, (merged.get(item.skuId) ?? 0) + item.quantity);
  }
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
};

/** The order total: unit price × quantity over every line, in cents. */
export const totalOf = (items: readonly OrderItem[]): bigint =>
  items.reduce((sum, item) => sum + item.unitPriceCents * BigInt(item.quantity), 0n);

/** True for an order whose payment went through: cancelled by the checkout means it never was. */
export const wasPaid = (order: { status: OrderStatus; cancelledBy: CancelledBy | null }): boolean =>
  order.status !== 'PENDING' && order.cancelledBy !== 'checkout';
