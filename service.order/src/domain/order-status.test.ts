import { describe, expect, it } from 'vitest';
import { confirmRefundStep, ORDER_ACTIONS, transitionOf, type OrderAction } from './order-status.js';
import { ORDER_STATUSES, type CancelledBy, type OrderStatus } from './order.js';

const ALLOWED: Record<OrderAction, Partial<Record<OrderStatus, OrderStatus>>> = {
  accept: { PAID: 'ACCEPTED' },
  ship: { ACCEPTED: 'SHIPPED' },
  deliver: { SHIPPED: 'DELIVERED' },
  cancel: { PAID: 'CANCELLED', ACCEPTED: 'CANCELLED' },
};

const cases = ORDER_ACTIONS.flatMap((action) => ORDER_STATUSES.map((status) => [action, status, ALLOWED[action][status]] as const));

describe('transitionOf (the order after payment)', () => {
  it.each(cases.filter(([, , to]) => to !== undefined))('%s from %s → %s', (action, status, to) => {
    expect(transitionOf({ id: 'o-1', status }, action).to).toBe(to);
  });

  it.each(cases.filter(([, , to]) => to === undefined))(
    'refuses %s from %s with 409 ORDER_STATUS_CONFLICT and the current status',
    (action, status) => {
      expect(() => transitionOf({ id: 'o-1', status }, action)).toThrow(
        expect.objectContaining({
          reason: 'ORDER_STATUS_CONFLICT',
          httpStatus: 409,
          details: expect.objectContaining({ order_id: 'o-1', status, action }),
        }),
      );
    },
  );

  it('names the event of each transition', () => {
    expect(
      ORDER_ACTIONS.map(
        (action) =>
          transitionOf({ id: 'o', status: action === 'ship' ? 'ACCEPTED' : action === 'deliver' ? 'SHIPPED' : 'PAID' }, action).eventType,
      ),
    ).toEqual(['OrderAccepted', 'OrderShipped', 'OrderDelivered', 'OrderCancelled']);
  });
});

const at = new Date('2026-01-02T03:04:05.000Z');
const cancelled = (
  by: CancelledBy | null,
  refundIssuedAt: Date | null = null,
  stockReturnedAt: Date | null = null,
  status: OrderStatus = 'CANCELLED',
) => ({
  status,
  cancelledBy: by,
  refund: by === 'customer' || by === 'staff' ? { refundIssuedAt, stockReturnedAt } : null,
});

describe('confirmRefundStep', () => {
  it('records the first confirmation without completing the refund', () => {
    expect(confirmRefundStep(cancelled('customer'), 'refund', at)).toEqual({
      progress: { refundIssuedAt: at, stockReturnedAt: null },
      recorded: true,
      complete: false,
    });
  });

  it('completes the refund with the second confirmation, in either order', () => {
    const earlier = new Date(0);
    expect(confirmRefundStep(cancelled('staff', earlier), 'stock', at)).toMatchObject({ recorded: true, complete: true });
    expect(confirmRefundStep(cancelled('customer', null, earlier), 'refund', at)).toMatchObject({ recorded: true, complete: true });
  });

  it('records a step once: a second confirmation of it changes nothing', () => {
    const earlier = new Date(0);
    expect(confirmRefundStep(cancelled('customer', earlier), 'refund', at)).toEqual({
      progress: { refundIssuedAt: earlier, stockReturnedAt: null },
      recorded: false,
      complete: false,
    });
    expect(confirmRefundStep(cancelled('customer', earlier, earlier, 'REFUNDED'), 'stock', at)).toMatchObject({
      recorded: false,
      complete: false,
    });
  });

  it('ignores orders that were not cancelled after payment', () => {
    expect(confirmRefundStep(cancelled('checkout'), 'refund', at)).toBeNull();
    expect(confirmRefundStep(cancelled(null, null, null, 'PAID'), 'stock', at)).toBeNull();
  });
});
