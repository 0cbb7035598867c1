import type { Order } from '../domain/order.js';
import type { OrderRepository } from './ports.js';

export interface ListOrdersQuery {
  customerId: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export type ListOrders = (query: ListOrdersQuery) => Promise<{ orders: Order[]; total: number }>;

/** One page of the caller's orders, newest first. */
export const makeListOrders =
  (deps: { orders: OrderRepository }): ListOrders =>
  (query) =>
    deps.orders.list(query.customerId, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
