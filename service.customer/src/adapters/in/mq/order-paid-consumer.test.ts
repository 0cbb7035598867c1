import { createEvent } from '@micro-ecommerce/pkg/rocketmq';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeLoyaltyLedger } from '../../../../test/fakes/fake-loyalty-ledger.js';
import { makeAwardLoyaltyPoints } from '../../../app/award-loyalty-points.js';
import { orderPaidHandler } from './order-paid-consumer.js';

const delivery = { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 };
const paid = (orderId: string, data: Record<string, unknown>) => ({
  ...createEvent('OrderPaid', 'order', { order_id: orderId, items: [{ sku_id: 's-1', quantity: 1 }], ...data }),
  id: `OrderPaid:${orderId}`,
});

const setUp = () => {
  const ledger = new FakeLoyaltyLedger();
  ledger.balances.set('c-1', 0);
  return { ledger, handle: orderPaidHandler(makeAwardLoyaltyPoints({ ledger }), pino({ level: 'silent' })) };
};

describe('orderPaidHandler', () => {
  it('credits the customer of an OrderPaid event once, keyed by the envelope id, and reports the redelivery a duplicate', async () => {
    const { ledger, handle } = setUp();
    const event = paid('o-1', { customer_id: 'c-1', total_cents: 4_250 });
    await expect(handle(event, delivery)).resolves.toBeUndefined();
    await expect(handle(event, { ...delivery, messageId: 'm-2', deliveryAttempt: 2 })).resolves.toBe('duplicate');
    expect(ledger.balances.get('c-1')).toBe(42);
    expect([...ledger.processed]).toEqual(['OrderPaid:o-1']);
  });

  it('acknowledges an event for an unknown customer (no throw, no credit)', async () => {
    const { ledger, handle } = setUp();
    await expect(handle(paid('o-2', { customer_id: 'ghost', total_cents: 900 }), delivery)).resolves.toBeUndefined();
    expect(ledger.balances.get('c-1')).toBe(0);
  });

  it('throws on a malformed event so the broker retries and dead-letters it', async () => {
    const { ledger, handle } = setUp();
    await expect(handle(paid('o-3', { customer_id: 'c-1', total_cents: '12.50' }), delivery)).rejects.toMatchObject({
      reason: 'MALFORMED_EVENT',
    });
    await expect(handle(paid('o-4', { total_cents: 100 }), delivery)).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    expect(ledger.processed.size).toBe(0);
  });

  it('ignores events of other types', async () => {
    const { ledger, handle } = setUp();
    await handle({ ...createEvent('OrderCancelled', 'order', { order_id: 'o-5', customer_id: 'c-1', reason: 'x' }) }, delivery);
    expect(ledger.processed.size).toBe(0);
  });
});
