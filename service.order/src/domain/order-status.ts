import { AppError } from '@micro-ecommerce/pkg/errors';
import type { CancelledBy, OrderStatus, RefundProgress } from './order.js';

// The order after payment (DESIGN.md §10). The checkout's own moves (PENDING → PAID | CANCELLED) are guarded by
// the TCC barrier in the order participant; everything after PAID goes through transitionOf.
//
//   PAID ─accept─▶ ACCEPTED ─ship─▶ SHIPPED ─deliver─▶ DELIVERED
//   PAID | ACCEPTED ─cancel─▶ CANCELLED (paid) ─RefundIssued + StockReturned─▶ REFUNDED

/** What staff (accept, ship, deliver) or the customer and staff (cancel) can do to a paid order. */
export const ORDER_ACTIONS = ['accept', 'ship', 'deliver', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export interface TransitionRule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** The event that announces it, and the event_type of its history row. */
  eventType: 'OrderAccepted' | 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled';
}

export const TRANSITIONS: Readonly<Record<OrderAction, TransitionRule>> = {
  accept: { from: ['PAID'], to: 'ACCEPTED', eventType: 'OrderAccepted' },
  ship: { from: ['ACCEPTED'], to: 'SHIPPED', eventType: 'OrderShipped' },
  deliver: { from: ['SHIPPED'], to: 'DELIVERED', eventType: 'OrderDelivered' },
  // Not once SHIPPED: the parcel is on its way, there is nothing left to stop.
  cancel: { from: ['PAID', 'ACCEPTED'], to: 'CANCELLED', eventType: 'OrderCancelled' },
};

/** error.code of a transition the order's current status does not allow (HTTP 409). */
export const ORDER_STATUS_CONFLICT = 'ORDER_STATUS_CONFLICT';

/** The rule of `action` if the order's status allows it, else a 409 ORDER_STATUS_CONFLICT naming the current status. */
export const transitionOf = (order: { id: string; status: OrderStatus }, action: OrderAction): TransitionRule => {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(order.status))
    throw new AppError('FAILED_PRECONDITION', `cannot ${action} an order that is ${order.status}`, {
      reason: ORDER_STATUS_CONFLICT,
      httpStatus: 409,
      details: { order_id: order.id, status: order.status, action, allowed_from: rule.from },
    });
  return rule;
};

/** The two confirmations a refund waits for: payment's RefundIssued and product's StockReturned. */
export type RefundStep = 'refund' | 'stock';

/** The event that confirms each step, also the event_type of its history row. */
export const REFUND_STEP_EVENT: Readonly<Record<RefundStep, 'RefundIssued' | 'StockReturned'>> = {
  refund: 'RefundIssued',
  stock: 'StockReturned',
};

export interface RefundStepOutcome {
  progress: RefundProgress;
  /** False when this step had been confirmed before (nothing changes). */
  recorded: boolean;
  /** True when this confirmation completes the refund: the order moves CANCELLED → REFUNDED with it. */
  complete: boolean;
}

/**
 * Applies one refund confirmation to an order; null when the order was not cancelled after payment (there is
 * no refund to confirm). Confirming a step twice records nothing the second time.
 */
export const confirmRefundStep = (
  order: { status: OrderStatus; cancelledBy: CancelledBy | null; refund: RefundProgress | null },
  step: RefundStep,
  at: Date,
): RefundStepOutcome | null => {
  if (order.cancelledBy !== 'customer' && order.cancelledBy !== 'staff') return null;
  const before = order.refund ?? { refundIssuedAt: null, stockReturnedAt: null };
  const already = step === 'refund' ? before.refundIssuedAt !== null : before.stockReturnedAt !== null;
  const progress = already ? before : step === 'refund' ? { ...before, refundIssuedAt: at } : { ...before, stockReturnedAt: at };
  const bothIn = progress.refundIssuedAt !== null && progress.stockReturnedAt !== null;
  return { progress, recorded: !already, complete: bothIn && order.status === 'CANCELLED' };
};
