import type { z } from 'zod';
import { AppError } from '../errors/index.js';
import type { EventEnvelope } from './event-envelope.js';

/** The system's topics; scripts/rocketmq/topics.txt creates them with their message types. */
export const TOPICS = {
  orderEvents: 'order-events',
  paymentEvents: 'payment-events',
  productEvents: 'product-events',
  customerEvents: 'customer-events',
  /** NORMAL, not transactional: SkuViewsChanged feeds a cache, and a lost one only ages out. */
  catalogEvents: 'catalog-events',
} as const;

/** The deterministic envelope id of an aggregate's event (`OrderPaid:<order_id>`): consumers dedupe on it. */
export const eventId = (type: string, aggregateId: string): string => `${type}:${aggregateId}`;

/**
 * Validates an event's data with the consumer's own schema (only the fields it reads: a tolerant reader). A
 * mismatch is permanent, so it throws INVALID_ARGUMENT MALFORMED_EVENT: retried by the broker, then dead-lettered.
 */
export const parseEventData = <S extends z.ZodType>(event: EventEnvelope, schema: S): z.infer<S> => {
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    throw new AppError('INVALID_ARGUMENT', `malformed ${event.type} event ${event.id}: ${parsed.error.message}`, {
      reason: 'MALFORMED_EVENT',
    });
  }
  return parsed.data;
};
