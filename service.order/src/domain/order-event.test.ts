import { describe, expect, it } from 'vitest';
import { decideHalfMessage, LOCAL_TRANSACTION_GRACE_MS, orderCancelled, orderFulfilment, orderPaid, orderRefunded } from './order-event.js';
import type { OrderStatus } from './order.js';

describe('order events', () => {
  it('have deterministic ids, so a re-publication is recognisable', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const paid = orderPaid({ order_id: 'o-1', customer_id: 'c-1', total_cents: 3000, items: [{ sku_id: 's', quantity: 2 }] }, at);
    expect(paid).toMatchObject({ id: 'OrderPaid:o-1', type: 'OrderPaid', source: 'order', occurred_at: '2026-01-02T03:04:05.000Z' });
    const cancelled = orderCancelled(
      {
        order_id: 'o-1',
        customer_id: 'c-1',
        reason: 'OUT_OF_STOCK',
        paid: false,
        cancelled_by: 'checkout',
        xid: 'x-1',
        total_cents: 3000,
        items: [],
      },
      at,
    );
    expect(cancelled.id).toBe('OrderCancelled:o-1');
    const accepted = orderFulfilment(
      'OrderAccepted',
      { order_id: 'o-1', customer_id: 'c-1', status: 'ACCEPTED', actor_id: 's-1', total_cents: 3000 },
      at,
    );
    expect(accepted).toMatchObject({ id: 'OrderAccepted:o-1', type: 'OrderAccepted' });
    expect(orderRefunded({ order_id: 'o-1', customer_id: 'c-1', total_cents: 3000 }, at).id).toBe('OrderRefunded:o-1');
  });
});

const fresh = 1_000;
const old = LOCAL_TRANSACTION_GRACE_MS + 1;
const facts = (status: OrderStatus, recorded: boolean) => ({ status, recorded });

describe('decideHalfMessage', () => {
  it.each([
    // The checkout's events: decided by the order's status while the history has no row for them.
    ['OrderPaid', false, fresh, facts('PAID', true), 'COMMIT'],
    ['OrderPaid', false, fresh, facts('CANCELLED', false), 'ROLLBACK'],
    ['OrderPaid', false, fresh, facts('PENDING', false), 'UNKNOWN'],
    ['OrderCancelled', false, fresh, facts('CANCELLED', true), 'COMMIT'],
    ['OrderCancelled', false, fresh, facts('PAID', false), 'ROLLBACK'],
    ['OrderCancelled', false, fresh, facts('PENDING', false), 'UNKNOWN'],
    // The order moved on: the history row still says the event happened.
    ['OrderPaid', false, old, facts('SHIPPED', true), 'COMMIT'],
    ['OrderAccepted', false, old, facts('SHIPPED', true), 'COMMIT'],
    ['OrderShipped', false, fresh, facts('DELIVERED', true), 'COMMIT'],
    ['OrderDelivered', false, fresh, facts('DELIVERED', true), 'COMMIT'],
    ['OrderCancelled', true, old, facts('REFUNDED', true), 'COMMIT'],
    ['OrderRefunded', false, fresh, facts('REFUNDED', true), 'COMMIT'],
    // Post-payment events without their row: the local transaction may still be running, until the grace ends.
    ['OrderAccepted', false, fresh, facts('PAID', false), 'UNKNOWN'],
    ['OrderAccepted', false, old, facts('PAID', false), 'ROLLBACK'],
    ['OrderCancelled', true, fresh, facts('ACCEPTED', false), 'UNKNOWN'],
    ['OrderCancelled', true, old, facts('SHIPPED', false), 'ROLLBACK'],
    ['OrderRefunded', false, fresh, facts('CANCELLED', false), 'UNKNOWN'],
    ['OrderRefunded', false, old, facts('CANCELLED', false), 'ROLLBACK'],
    // Foreign types never commit.
    ['Probe', false, fresh, facts('PAID', true), 'ROLLBACK'],
  ] as const)('%s (paid=%s, %i ms old) with %o → %s', (type, paid, ageMs, order, decision) => {
    expect(decideHalfMessage({ type, paid, ageMs }, order)).toBe(decision);
  });

  it('rolls back events of unknown orders', () => {
    expect(decideHalfMessage({ type: 'OrderPaid', paid: false, ageMs: fresh }, null)).toBe('ROLLBACK');
    expect(decideHalfMessage({ type: 'OrderShipped', paid: false, ageMs: fresh }, null)).toBe('ROLLBACK');
  });
});
