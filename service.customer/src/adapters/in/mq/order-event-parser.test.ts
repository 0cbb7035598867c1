import { createEvent } from '@micro-ecommerce/pkg/rocketmq';
import { describe, expect, it } from 'vitest';
import { parseOrderEvent } from './order-event-parser.js';

const envelope = (type: string, data: Record<string, unknown>) => ({ ...createEvent(type, 'order', data), id: `${type}:o-1` });
const ref = { order_id: 'o-1', customer_id: 'c-1' };

describe('parseOrderEvent', () => {
  it('reads the fields the service uses from every consumed type', () => {
    expect(parseOrderEvent(envelope('OrderPaid', { ...ref, total_cents: 4_250, items: [] }))).toEqual({
      type: 'OrderPaid',
      eventId: 'OrderPaid:o-1',
      orderId: 'o-1',
      customerId: 'c-1',
      totalCents: 4_250,
    });
    expect(parseOrderEvent(envelope('OrderShipped', { ...ref, status: 'SHIPPED', actor_id: 's-1', total_cents: 4_250 }))).toMatchObject({
      type: 'OrderShipped',
      totalCents: 4_250,
    });
    // Published before fulfilment events carried the total: it earns no commission, it still notifies.
    expect(parseOrderEvent(envelope('OrderShipped', { ...ref, status: 'SHIPPED', actor_id: 's-1' }))).toMatchObject({
      type: 'OrderShipped',
      totalCents: null,
    });
    expect(parseOrderEvent(envelope('OrderRefunded', { ...ref, total_cents: 10 }))).toMatchObject({ totalCents: 10 });
    expect(
      parseOrderEvent(
        envelope('OrderCancelled', { ...ref, reason: 'changed my mind', paid: true, cancelled_by: 'customer', xid: 'x', total_cents: 10 }),
      ),
    ).toMatchObject({ paid: true, cancelledBy: 'customer', totalCents: 10, reason: 'changed my mind' });
  });

  it('reads a checkout cancellation without the newer fields as unpaid', () => {
    expect(parseOrderEvent(envelope('OrderCancelled', { ...ref, reason: 'OUT_OF_STOCK' }))).toMatchObject({
      paid: false,
      cancelledBy: null,
      totalCents: null,
    });
  });

  it('ignores types it does not consume and throws MALFORMED_EVENT for a malformed one', () => {
    expect(parseOrderEvent(envelope('OrderPlaced', ref))).toBeNull();
    expect(() => parseOrderEvent(envelope('OrderPaid', { ...ref, total_cents: '12.50' }))).toThrow(
      expect.objectContaining({ reason: 'MALFORMED_EVENT' }),
    );
    expect(() => parseOrderEvent(envelope('OrderAccepted', { order_id: 'o-1' }))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
  });
});
