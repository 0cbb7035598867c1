import { createEvent, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { describe, expect, it } from 'vitest';
import { paymentEventHandler } from './payment-consumer.js';

const on = (topic: string) => ({ messageId: 'm-1', topic, deliveryAttempt: 1 });

describe('the payment consumer', () => {
  const seen: string[] = [];
  const record =
    (name: string): EventHandler =>
    async (event, message) =>
      void seen.push(`${name} ${event.type} from ${message.topic}`);
  const handle = paymentEventHandler({
    OrderCancelled: record('refund'),
    OrderShipped: record('shipped'),
    CommissionEarned: record('credit'),
    CommissionReversed: record('reverse'),
  });

  it('credits a commission only from customer-events, refunds and records shipments only from order-events', async () => {
    seen.length = 0;
    for (const topic of ['customer-events', 'order-events', 'payment-events', 'product-events', 'catalog-events']) {
      await handle(createEvent('CommissionEarned', 'customer', { order_id: 'o-1' }), on(topic));
      await handle(createEvent('CommissionReversed', 'customer', { order_id: 'o-1' }), on(topic));
      await handle(createEvent('OrderCancelled', 'order', { order_id: 'o-1' }), on(topic));
      await handle(createEvent('OrderShipped', 'order', { order_id: 'o-1' }), on(topic));
    }
    expect(seen).toEqual([
      'credit CommissionEarned from customer-events',
      'reverse CommissionReversed from customer-events',
      'refund OrderCancelled from order-events',
      'shipped OrderShipped from order-events',
    ]);
  });
});
