import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/index.js';

/** The JSON body of every event (DESIGN.md §7): the message tag is `type`, the message keys hold the aggregate id. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  occurred_at: string;
  source: string;
  data: T;
}

const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  occurred_at: z.string().min(1),
  source: z.string().min(1),
  data: z.unknown(),
});

/** A new event with a fresh id and the current time. */
export const createEvent = <T>(type: string, source: string, data: T): EventEnvelope<T> => ({
  id: randomUUID(),
  type,
  occurred_at: new Date().toISOString(),
  source,
  data,
});

/** Parses a message body into an envelope; a body that is not one is a permanent failure (INVALID_ARGUMENT). */
export const parseEvent = (body: Buffer): EventEnvelope => {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'message body is not JSON', { reason: 'MALFORMED_EVENT' });
  }
  const result = envelopeSchema.safeParse(json);
  if (!result.success) throw new AppError('INVALID_ARGUMENT', 'message body is not an event envelope', { reason: 'MALFORMED_EVENT' });
  return result.data as EventEnvelope;
};

/** Serializes an envelope for a message body. */
export const encodeEvent = (event: EventEnvelope): Buffer => Buffer.from(JSON.stringify(event), 'utf8');
