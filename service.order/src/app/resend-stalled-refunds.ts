import type { Logger } from '@micro-ecommerce/pkg/logger';
import { orderCancelled } from '../domain/order-event.js';
import type { Order } from '../domain/order.js';
import type { OrderEvents } from './ports.js';

/** Orders cancelled after payment whose refund or stock return is still unconfirmed long after the cancel. */
export interface StalledRefunds {
  /** Such orders last changed before `changedBefore`, oldest first, at most `limit`. */
  find(changedBefore: Date, limit: number): Promise<Order[]>;
}

/**
 * Announces OrderCancelled again for refunds that stalled. The first announcement is a transactional message
 * whose commit the broker resolves by check-backs; if this process died right after the cancel's commit and stayed
 * down past them, the message is gone, and without it payment never refunds and product never returns the units.
 * The copy has the same id and data, so payment and product drop it if they had the first, and otherwise act on it.
 * A refund merely waiting for its consumers (a debit still being confirmed) gets a harmless copy too.
 */
export const makeResendStalledRefunds =
  (deps: { stalled: StalledRefunds; events: OrderEvents; stalledAfterMs: number; logger: Logger; now?: () => Date }) =>
  async (limit: number): Promise<number> => {
    const now = (deps.now ?? (() => new Date()))();
    const orders = await deps.stalled.find(new Date(now.getTime() - deps.stalledAfterMs), limit);
    for (const order of orders) {
      const event = orderCancelled(
        {
          order_id: order.id,
          customer_id: order.customerId,
          reason: order.cancelReason ?? '',
          paid: true,
          cancelled_by: order.cancelledBy === 'staff' ? 'staff' : 'customer',
          xid: order.xid,
          total_cents: Number(order.totalCents),
          items: order.items.map((item) => ({ sku_id: item.skuId, quantity: item.quantity })),
        },
        now,
      );
      // No local change: the order's history already holds OrderCancelled, so a check-back commits the copy.
      await deps.events.publishWith(event, async () => undefined);
      deps.logger.warn({ order_id: order.id, cancelled_at: order.updatedAt }, 'refund stalled; OrderCancelled announced again');
    }
    return orders.length;
  };

export type ResendStalledRefunds = ReturnType<typeof makeResendStalledRefunds>;
