import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Order, OrderStatus } from '../domain/order.js';
import type { OrderRepository, Viewer } from './ports.js';

export interface ListOrdersQuery {
  viewer: Viewer;
  /** mine: the viewer's own orders; all: every customer's (staff only). */
  scope: 'mine' | 'all';
  status: OrderStatus | null;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export type ListOrders = (query: ListOrdersQuery) => Promise<{ orders: Order[]; total: number }>;

/** One page of orders, newest first: the viewer's own, or (staff, scope all) everyone's; optionally in one status. */
export const makeListOrders =
  (deps: { orders: OrderRepository }): ListOrders =>
  (query) => {
    if (query.scope === 'all' && !query.viewer.staff)
      throw new AppError('PERMISSION_DENIED', 'staff role required to list every order', { reason: 'FORBIDDEN' });
    const customerId = query.scope === 'all' ? null : query.viewer.customerId;
    return deps.orders.list({ customerId, status: query.status }, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
  };
