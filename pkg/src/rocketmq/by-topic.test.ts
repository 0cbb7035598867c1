import { describe, expect, it } from 'vitest';
import { byEventType } from './by-event-type.js';
import { byTopic } from './by-topic.js';
import { createEvent } from './event-envelope.js';

const on = (topic: string) => ({ messageId: 'm-1', topic, deliveryAttempt: 1 });

describe('byTopic', () => {
  it('honours an event type only from the topic whose handler knows it', async () => {
    const credited: string[] = [];
    const handle = byTopic({
      'customer-events': byEventType({ CommissionEarned: async (event) => void credited.push(event.id) }),
      'order-events': byEventType({ OrderCancelled: async () => 'duplicate' }),
    });
    const genuine = createEvent('CommissionEarned', 'customer', {});
    const forged = createEvent('CommissionEarned', 'customer', {});
    await handle(genuine, on('customer-events'));
    expect(await handle(forged, on('order-events'))).toBeUndefined();
    expect(await handle(forged, on('payment-events'))).toBeUndefined();
    // An inherited property is not a handler.
    expect(await handle(forged, on('toString'))).toBeUndefined();
    expect(await handle(createEvent('OrderCancelled', 'order', {}), on('order-events'))).toBe('duplicate');
    expect(credited).toEqual([genuine.id]);
  });
});
