import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Order } from '../domain/order.js';
import type { OrderRepository, Viewer } from './ports.js';

export type GetOrder = (viewer: Viewer, orderId: string) => Promise<Order>;

/** NOT_FOUND ORDER_NOT_FOUND: also what a customer gets for another customer's order, so ids reveal nothing. */
export const orderNotFound = (orderId: string): AppError =>
  new AppError('NOT_FOUND', 'order not found', { reason: 'ORDER_NOT_FOUND', details: { order_id: orderId } });

/** Reads an order the viewer may see: their own, or any order for staff. */
export const visibleOrder = async (orders: OrderRepository, viewer: Viewer, orderId: string): Promise<Order> => {
  const order = viewer.staff ? await orders.find(orderId) : await orders.findById(viewer.customerId, orderId);
  if (!order) throw orderNotFound(orderId);
  return order;
};

/** One order: the caller's own, or any order for staff. */
export const makeGetOrder =
  (deps: { orders: OrderRepository }): GetOrder =>
  (viewer, orderId) =>
    visibleOrder(deps.orders, viewer, orderId);
