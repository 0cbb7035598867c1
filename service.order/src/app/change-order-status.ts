import { AppError } from '@micro-ecommerce/pkg/errors';
import { orderCancelled, orderFulfilment, type OrderEvent } from '../domain/order-event.js';
import { transitionOf, type OrderAction } from '../domain/order-status.js';
import type { CancelledBy, Order } from '../domain/order.js';
import { orderNotFound, visibleOrder } from './get-order.js';
import type { OrderEvents, OrderRepository, OrderTransitions, Viewer } from './ports.js';

export interface ChangeOrderStatusCommand {
  viewer: Viewer;
  orderId: string;
  action: OrderAction;
  /** The cancel reason: optional for the customer, required from staff. */
  reason: string | null;
}

export type ChangeOrderStatus = (command: ChangeOrderStatusCommand) => Promise<Order>;

/** The default reason of a customer's cancel without one (cancel_reason is never empty on a cancelled order). */
export const CUSTOMER_CANCEL_REASON = 'CANCELLED_BY_CUSTOMER';

const STAFF_ONLY: ReadonlySet<OrderAction> = new Set(['accept', 'ship', 'deliver']);

const eventOf = (order: Order, command: ChangeOrderStatusCommand, cancelledBy: CancelledBy, reason: string, at: Date): OrderEvent => {
  const rule = transitionOf(order, command.action);
  const base = { order_id: order.id, customer_id: order.customerId };
  if (rule.eventType === 'OrderCancelled')
    return orderCancelled(
      {
        ...base,
        reason,
        paid: true,
        cancelled_by: cancelledBy,
        xid: order.xid,
        total_cents: Number(order.totalCents),
        items: order.items.map((item) => ({ sku_id: item.skuId, quantity: item.quantity })),
      },
      at,
    );
  const status = rule.to as 'ACCEPTED' | 'SHIPPED' | 'DELIVERED';
  return orderFulfilment(
    rule.eventType,
    { ...base, status, actor_id: command.viewer.customerId, total_cents: Number(order.totalCents) },
    at,
  );
};

/**
 * Staff accept, ship and deliver a paid order; its customer or staff cancel it while PAID or ACCEPTED (staff
 * with a reason). The order's status is checked first (404 / 409 without touching the broker), then the
 * transition runs as the local transaction of its event's transactional message, where the locked row is
 * checked again (a concurrent transition makes it 409 and the half message is rolled back).
 */
export const makeChangeOrderStatus =
  (deps: { orders: OrderRepository; transitions: OrderTransitions; events: OrderEvents; now?: () => Date }): ChangeOrderStatus =>
  async (command) => {
    const { viewer, action } = command;
    if (STAFF_ONLY.has(action) && !viewer.staff)
      throw new AppError('PERMISSION_DENIED', `staff role required to ${action} an order`, { reason: 'FORBIDDEN' });
    const order = await visibleOrder(deps.orders, viewer, command.orderId);
    const cancelledBy: CancelledBy = viewer.staff ? 'staff' : 'customer';
    const reason = command.reason ?? (cancelledBy === 'customer' ? CUSTOMER_CANCEL_REASON : null);
    if (action === 'cancel' && reason === null)
      // 422: the body is valid; what it lacks is required of this caller only.
      throw new AppError('FAILED_PRECONDITION', 'staff must give a reason to cancel an order', {
        reason: 'REASON_REQUIRED',
        httpStatus: 422,
        details: { fields: [{ field: 'reason', message: 'required when staff cancel an order' }] },
      });
    const event = eventOf(order, command, cancelledBy, reason ?? '', (deps.now ?? (() => new Date()))());
    await deps.events.publishWith(event, () =>
      deps.transitions.apply({
        orderId: order.id,
        action,
        actorId: viewer.customerId,
        reason: action === 'cancel' ? reason : null,
        cancelledBy: action === 'cancel' ? cancelledBy : null,
      }),
    );
    const changed = await deps.orders.find(order.id);
    if (!changed) throw orderNotFound(order.id);
    return changed;
  };
