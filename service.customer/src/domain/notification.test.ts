import { describe, expect, it } from 'vitest';
import { customerNotification, formatCents, staffOrderPaidNotification } from './notification.js';
import type { OrderEvent } from './order-event.js';

const orderId = '1a2b3c4d-0000-4000-8000-000000000001';
const base = { orderId, customerId: 'c-1' };
const cancelled = (fields: Partial<Extract<OrderEvent, { type: 'OrderCancelled' }>>): OrderEvent => ({
  type: 'OrderCancelled',
  eventId: `OrderCancelled:${orderId}`,
  ...base,
  reason: 'OUT_OF_STOCK',
  paid: false,
  cancelledBy: 'checkout',
  totalCents: 4_250,
  ...fields,
});

describe('formatCents', () => {
  it('shows integer cents with two decimals', () => {
    expect(formatCents(12_345)).toBe('123.45');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(0)).toBe('0.00');
  });
});

describe('customerNotification', () => {
  it('has a kind and a subject naming the order per event type', () => {
    const events: OrderEvent[] = [
      { type: 'OrderPaid', eventId: 'e', ...base, totalCents: 4_250 },
      { type: 'OrderAccepted', eventId: 'e', ...base, totalCents: 4_250 },
      { type: 'OrderShipped', eventId: 'e', ...base, totalCents: 4_250 },
      { type: 'OrderDelivered', eventId: 'e', ...base, totalCents: 4_250 },
      cancelled({}),
      { type: 'OrderRefunded', eventId: 'e', ...base, totalCents: 4_250 },
    ];
    const texts = events.map(customerNotification);
    expect(texts.map((t) => t.kind)).toEqual([
      'ORDER_PAID',
      'ORDER_ACCEPTED',
      'ORDER_SHIPPED',
      'ORDER_DELIVERED',
      'ORDER_CANCELLED',
      'ORDER_REFUNDED',
    ]);
    expect(texts.map((t) => t.subject)).toEqual([
      'Order 1a2b3c4d is paid',
      'Order 1a2b3c4d is accepted',
      'Order 1a2b3c4d has shipped',
      'Order 1a2b3c4d is delivered',
      'Order 1a2b3c4d is cancelled',
      'Order 1a2b3c4d is refunded',
    ]);
    for (const text of texts) expect(text.body).toContain(orderId);
  });

  it('states the amount paid and refunded', () => {
    expect(customerNotification({ type: 'OrderPaid', eventId: 'e', ...base, totalCents: 4_250 }).body).toContain('42.50');
    expect(customerNotification({ type: 'OrderRefunded', eventId: 'e', ...base, totalCents: 999 }).body).toContain('9.99 for order');
  });

  it('explains a failed checkout in words and says nothing was charged', () => {
    const { body } = customerNotification(cancelled({ reason: 'INSUFFICIENT_FUNDS' }));
    expect(body).toContain('could not be completed: your wallet balance was too low');
    expect(body).toContain('Nothing was charged');
  });

  it('announces the refund of a paid order cancelled by the customer or by staff with their reason', () => {
    const byCustomer = customerNotification(cancelled({ paid: true, cancelledBy: 'customer', reason: 'CANCELLED' })).body;
    expect(byCustomer).toContain('cancelled at your request');
    expect(byCustomer).toContain('The 42.50 you paid will be refunded to your wallet');
    const byStaff = customerNotification(cancelled({ paid: true, cancelledBy: 'staff', reason: 'damaged in the warehouse' })).body;
    expect(byStaff).toContain('by our staff (damaged in the warehouse)');
  });
});

describe('staffOrderPaidNotification', () => {
  it('names the order, its customer and total', () => {
    const text = staffOrderPaidNotification({ type: 'OrderPaid', eventId: 'e', ...base, totalCents: 100_000 });
    expect(text).toEqual({
      kind: 'STAFF_ORDER_PAID',
      subject: 'New paid order 1a2b3c4d (1000.00)',
      body: expect.stringContaining(`Order ${orderId} of customer c-1 was paid (1000.00) and waits to be accepted.`),
    });
  });
});
