import { describe, expect, it } from 'vitest';
import { byEventType } from './by-event-type.js';
import { createEvent } from './event-envelope.js';

const delivery = { messageId: 'm-1', topic: 'order-events', deliveryAttempt: 1 };

describe('byEventType', () => {
  it('hands each event to the handler of its type and ignores types without one', async () => {
    const seen: string[] = [];
    const handle = byEventType({
      OrderPaid: async (event) => void seen.push(`paid ${event.id}`),
      SkuViewsChanged: async () => 'duplicate',
    });
    const paid = createEvent('OrderPaid', 'order', {});
    await handle(paid, delivery);
    expect(await handle(createEvent('SkuViewsChanged', 'product', {}), delivery)).toBe('duplicate');
    expect(await handle(createEvent('OrderShipped', 'order', {}), delivery)).toBeUndefined();
    // An inherited property is not a handler.
    expect(await handle(createEvent('toString', 'order', {}), delivery)).toBeUndefined();
    expect(seen).toEqual([`paid ${paid.id}`]);
  });
});
