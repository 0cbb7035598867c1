import { AppError } from '@micro-ecommerce/pkg/errors';
import { isCustomerId } from '../domain/customer.js';
import { pointsForPayment } from '../domain/loyalty-points.js';
import { customerNotification, staffOrderPaidNotification } from '../domain/notification.js';
import { orderPaidEventId, type OrderEvent } from '../domain/order-event.js';
import { planCommission, type CommissionPlan } from './plan-commission.js';
import type { CommissionEvents, NewNotification, OrderEventEffects, OrderEventStore } from './ports.js';

/** What processing an order event did; the notification ids are what the caller sends once it committed. */
export interface OrderEventOutcome {
  outcome: 'APPLIED' | 'DUPLICATE';
  notificationIds: string[];
  /** Loyalty points credited (OrderPaid) or taken back (OrderRefunded). */
  points: number;
  commission: CommissionPlan['action'] | null;
  /** False when the event names no known customer: acknowledged all the same (a retry would not help). */
  customerKnown: boolean;
}

// Thrown when a row changed between the decision and the transaction (another event of the same order ran in
// between): everything rolls back, the broker redelivers, and the next attempt decides again from the new state.
const changedMeanwhile = (orderId: string) =>
  new AppError('ABORTED', `the referral commission of order ${orderId} changed while processing; retrying`, {
    reason: 'CONCURRENT_CHANGE',
  });

const applyCommission = async (effects: OrderEventEffects, plan: CommissionPlan | null): Promise<void> => {
  if (plan === null) return;
  const done =
    plan.action === 'earn' ? await effects.earnCommission(plan.commission) : await effects.reverseCommission(plan.commission.orderId);
  if (!done) throw changedMeanwhile(plan.commission.orderId);
};

const applyLoyalty = async (effects: OrderEventEffects, event: OrderEvent): Promise<{ points: number; customerKnown: boolean }> => {
  if (event.type === 'OrderPaid') {
    const points = pointsForPayment(event.totalCents);
    return (await effects.awardPoints(event.customerId, points)) ? { points, customerKnown: true } : { points: 0, customerKnown: false };
  }
  if (event.type === 'OrderRefunded') {
    // Symmetric with the award: only once the OrderPaid was applied (events of a topic come in any order), and
    // never below zero (points already spent stay spent).
    if (!(await effects.wasProcessed(orderPaidEventId(event.orderId)))) {
      throw new AppError('FAILED_PRECONDITION', `OrderPaid of order ${event.orderId} not processed yet; retrying the refund later`, {
        reason: 'ORDER_PAID_NOT_YET_APPLIED',
      });
    }
    return { points: await effects.revokePoints(event.customerId, pointsForPayment(event.totalCents)), customerKnown: true };
  }
  return { points: 0, customerKnown: true };
};

/**
 * Applies an order event once: loyalty points, the customer's notification, the staff's on OrderPaid, and the
 * referral commission (earned on OrderShipped; published as CommissionEarned, or CommissionReversed for one earned
 * under the old rule, with the same local transaction).
 */
export const makeHandleOrderEvent =
  (deps: { store: OrderEventStore; commissionEvents: CommissionEvents; commissionPercent: number; now?: () => Date }) =>
  async (event: OrderEvent): Promise<OrderEventOutcome> => {
    const duplicate: OrderEventOutcome = { outcome: 'DUPLICATE', notificationIds: [], points: 0, commission: null, customerKnown: true };
    const { store } = deps;
    // A malformed id names no customer: no points, no notification, no commission (staff still hear of the payment).
    const knownShape = isCustomerId(event.customerId);
    if (await store.isProcessed(event.eventId)) return duplicate;
    const plan = knownShape ? await planCommission(store, event, deps.commissionPercent, (deps.now ?? (() => new Date()))()) : null;

    const work = async (effects: OrderEventEffects): Promise<OrderEventOutcome> => {
      const loyalty = knownShape ? await applyLoyalty(effects, event) : { points: 0, customerKnown: false };
      const note: NewNotification = { ...customerNotification(event), orderId: event.orderId, eventId: event.eventId };
      const own = knownShape ? await effects.notifyCustomer(event.customerId, note) : null;
      const staff =
        event.type === 'OrderPaid'
          ? await effects.notifyStaff({ ...staffOrderPaidNotification(event), orderId: event.orderId, eventId: event.eventId })
          : [];
      await applyCommission(effects, plan);
      const notificationIds = own === null ? staff : [own, ...staff];
      return {
        outcome: 'APPLIED',
        notificationIds,
        commission: plan?.action ?? null,
        ...loyalty,
        customerKnown: loyalty.customerKnown && own !== null,
      };
    };
    const apply = async () => {
      const result = await store.applyOnce(event.eventId, work);
      if (result.applied) return result.result;
      // Another delivery of the same event committed in between. With a message in flight, do not let it commit
      // on our say-so: throwing makes the producer ask the checker, which answers from what that delivery wrote.
      if (plan !== null) throw changedMeanwhile(event.orderId);
      return duplicate;
    };
    return plan === null ? apply() : deps.commissionEvents.publishWith(plan.event, apply);
  };

export type HandleOrderEvent = ReturnType<typeof makeHandleOrderEvent>;
