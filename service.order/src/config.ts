import { bulkheadSchema, infraConfigSchema, serviceListenSchema, withReplicaAddresses } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

/** services.order: where the order service listens, plus its checkout and recovery settings. */
export const orderSectionSchema = serviceListenSchema.extend({
  /** Time the tries of one checkout may take; past it the global transaction is cancelled (reason TIMEOUT). */
  checkout_timeout_ms: z.number().int().positive(),
  /** Budget of one call to product, cart, stock or payment, retries included. */
  call_deadline_ms: z.number().int().positive(),
  recovery_interval_ms: z.number().int().positive(),
  recovery_batch_size: z.number().int().positive().max(1000),
  max_page_size: z.number().int().positive().max(1000),
  /** Pause between two heartbeat comments of a live order stream (GET /order/{id}/events); it also re-reads the history. */
  event_stream_heartbeat_ms: z.number().int().positive(),
  /**
   * Live order streams hold a connection at every hop for as long as they are open: one account holds at most
   * max_per_account at once, counted across replicas in Redis (a lease per stream, renewed by each heartbeat and
   * lapsing after three missed ones); past it 429 TOO_MANY_STREAMS.
   */
  event_streams: z.strictObject({ max_per_account: z.number().int().positive().max(100) }),
  /** In-flight limits of the HTTP and gRPC servers: past them, work is shed (README "Overload: bulkheads"). */
  bulkhead: bulkheadSchema,
  /**
   * Orders cancelled after payment whose refund or stock return is unconfirmed this long after their last change
   * get OrderCancelled announced again (app/resend-stalled-refunds.ts), checked every interval_ms, for at most
   * give_up_after_ms.
   */
  refund_follow_up: z.object({
    interval_ms: z.number().int().positive(),
    stalled_after_ms: z.number().int().positive(),
    give_up_after_ms: z.number().int().positive(),
  }),
  /** Test only: the TCC step or event step (event:after-local-commit) at which the process exits with 137; empty = off. */
  crash_at: z.string().default(''),
});

/** The order service's configuration: shared infrastructure plus services.order. Other sections pass through. */
export const orderConfigSchema = infraConfigSchema
  .extend({
    services: z.object({ order: orderSectionSchema }),
  })
  // With local replicas, config.addresses.<service> names every instance (pkg/src/config/replica-addresses.ts).
  .transform(withReplicaAddresses);

export type OrderConfig = z.infer<typeof orderConfigSchema>;
export type OrderSection = z.infer<typeof orderSectionSchema>;
