import type { Order } from '../domain/order.js';
import type { StatusChange } from '../domain/status-change.js';
import { orderNotFound } from './get-order.js';
import type { OrderHistory, Viewer } from './ports.js';

/** Live tracking of one order (GET /order/{id}/events): where a stream starts, and what it sends next. */
export interface WatchOrder {
  /** The order as it is now with the seq of its latest history row; 404 unless the viewer may see it. */
  start(viewer: Viewer, orderId: string): Promise<{ order: Order; seq: number }>;
  /** The changes after `seq`, oldest first. */
  changesAfter(orderId: string, seq: number): Promise<StatusChange[]>;
}

/** The stream reads the order's own history, so any replica serves it and a resumed stream misses nothing. */
export const makeWatchOrder = (deps: { history: OrderHistory }): WatchOrder => ({
  async start(viewer, orderId) {
    const snapshot = await deps.history.snapshot(orderId);
    if (snapshot === null || (!viewer.staff && snapshot.order.customerId !== viewer.customerId)) throw orderNotFound(orderId);
    return snapshot;
  },
  changesAfter: (orderId, seq) => deps.history.after(orderId, seq),
});
