import { parseEventData, type EventEnvelope } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { OrderEvent } from '../../../domain/order-event.js';

// Only the fields this service uses (a tolerant reader): other fields of the contract may change without breaking it.
const orderRef = { order_id: z.string().min(1), customer_id: z.string().min(1) };
const cents = z.number().int().nonnegative();
const withTotal = z.object({ ...orderRef, total_cents: cents });
const statusChange = z.object({ ...orderRef, total_cents: cents.nullish() });
const cancelled = z.object({
  ...orderRef,
  reason: z.string(),
  // A checkout's cancellation from before the fields existed is an unpaid one.
  paid: z.boolean().default(false),
  cancelled_by: z.string().nullish(),
  total_cents: cents.nullish(),
});

/**
 * The consumed order event in the envelope; null for a type this service does not consume. A malformed one
 * throws INVALID_ARGUMENT MALFORMED_EVENT: retried by the broker, then dead-lettered.
 */
export const parseOrderEvent = (event: EventEnvelope): OrderEvent | null => {
  const eventId = event.id;
  switch (event.type) {
    case 'OrderPaid':
    case 'OrderRefunded': {
      const data = parseEventData(event, withTotal);
      return { type: event.type, eventId, orderId: data.order_id, customerId: data.customer_id, totalCents: data.total_cents };
    }
    case 'OrderAccepted':
    case 'OrderShipped':
    case 'OrderDelivered': {
      const data = parseEventData(event, statusChange);
      return {
        type: event.type,
        eventId,
        orderId: data.order_id,
        customerId: data.customer_id,
        totalCents: data.total_cents ?? null,
      };
    }
    case 'OrderCancelled': {
      const data = parseEventData(event, cancelled);
      return {
        type: 'OrderCancelled',
        eventId,
        orderId: data.order_id,
        customerId: data.customer_id,
        reason: data.reason,
        paid: data.paid,
        cancelledBy: data.cancelled_by ?? null,
        totalCents: data.total_cents ?? null,
      };
    }
    default:
      return null;
  }
};
