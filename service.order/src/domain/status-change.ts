import type { OrderStatus } from './order.js';

/**
 * One row of an order's history: a status transition, or a refund confirmation (RefundIssued / StockReturned,
 * status unchanged). `seq` grows across all orders; a live stream resumes after the last seq it sent.
 */
export interface StatusChange {
  seq: number;
  orderId: string;
  status: OrderStatus;
  /** The event that announced it (OrderPaid, OrderAccepted, ...) or the confirmation consumed (RefundIssued, StockReturned). */
  eventType: string;
  /** The customer or staff member who made the change; null for the checkout and the refund's confirmations. */
  actorId: string | null;
  reason: string | null;
  occurredAt: Date;
}
