import { AppError } from '@micro-ecommerce/pkg/errors';

export type OrderStatus = 'PENDING' | 'PAID' | 'CANCELLED';

/** One line of an order, priced when the order was placed. */
export interface OrderItem {
  skuId: string;
  title: string;
  quantity: number;
  unitPriceCents: bigint;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  /** Why the checkout was cancelled (OUT_OF_STOCK, INSUFFICIENT_FUNDS, TIMEOUT...); null unless CANCELLED. */
  cancelReason: string | null;
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
