import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Order } from '../domain/order.js';
import type { OrderRepository } from './ports.js';

export type GetOrder = (customerId: string, orderId: string) => Promise<Order>;

/** One of the caller's orders; another customer's order is NOT_FOUND, so ids reveal nothing. */
export const makeGetOrder =
  (deps: { orders: OrderRepository }): GetOrder =>
  async (customerId, orderId) => {
    const order = await deps.orders.findById(customerId, orderId);
    if (!order) throw new AppError('NOT_FOUND', 'order not found', { reason: 'ORDER_NOT_FOUND', details: { order_id: orderId } });
    return order;
  };
