import { z } from 'zod';

/**
 * One protocol's in-flight limit (pkg/src/bulkhead): at most `max_in_flight` requests run at once in this process,
 * up to `max_queued` more wait at most `max_queue_wait_ms` for a slot, and the rest are shed at once (HTTP 503
 * OVERLOADED with Retry-After, gRPC UNAVAILABLE). A short wait absorbs a burst; a long one only moves the queue
 * from the socket into the process, which is what the limit is there to prevent.
 */
export const inFlightLimitSchema = z.strictObject({
  max_in_flight: z.number().int().positive(),
  max_queued: z.number().int().min(0),
  max_queue_wait_ms: z.number().int().min(0).max(10_000),
});

/** services.<name>.bulkhead: the HTTP server's limit and the gRPC server's, each on its own. */
export const bulkheadSchema = z.strictObject({ http: inFlightLimitSchema, grpc: inFlightLimitSchema });

export type InFlightLimitSettings = z.infer<typeof inFlightLimitSchema>;
export type BulkheadSettings = z.infer<typeof bulkheadSchema>;
