import { describe, expect, it } from 'vitest';
import { decideHalfMessage, orderCancelled, orderPaid } from './order-event.js';

describe('order events', () => {
  it('have deterministic ids, so a re-publication is recognisable', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const paid = orderPaid({ order_id: 'o-1', customer_id: 'c-1', total_cents: 3000, items: [{ sku_id: 's', quantity: 2 }] }, at);
    expect(paid).toMatchObject({ id: 'OrderPaid:o-1', type: 'OrderPaid', source: 'order', occurred_at: '2026-01-02T03:04:05.000Z' });
    expect(orderCancelled({ order_id: 'o-1', customer_id: 'c-1', reason: 'OUT_OF_STOCK' }, at).id).toBe('OrderCancelled:o-1');
  });
});

describe('decideHalfMessage', () => {
  it.each([
    ['OrderPaid', 'PAID', 'COMMIT'],
    ['OrderPaid', 'CANCELLED', 'ROLLBACK'],
    ['OrderPaid', 'PENDING', 'UNKNOWN'],
    ['OrderPaid', null, 'ROLLBACK'],
    ['OrderCancelled', 'CANCELLED', 'COMMIT'],
    ['OrderCancelled', 'PAID', 'ROLLBACK'],
    ['OrderCancelled', 'PENDING', 'UNKNOWN'],
    ['OrderCancelled', null, 'ROLLBACK'],
    ['Probe', 'PAID', 'ROLLBACK'],
  ] as const)('%s with the order %s → %s', (type, status, decision) => {
    expect(decideHalfMessage(type, status)).toBe(decision);
  });
});
