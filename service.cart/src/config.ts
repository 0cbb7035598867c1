import { bulkheadSchema, infraConfigSchema, serviceListenSchema, withReplicaAddresses } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

/** services.cart: where the cart listens, plus its own limits. */
export const cartSectionSchema = serviceListenSchema.extend({
  // GET prices every line with one batched product call, and product accepts at most 200 ids per call.
  max_lines: z.number().int().positive().max(200),
  max_quantity_per_line: z.number().int().positive().max(1_000_000),
  /** Budget of one product call, retries included: a slow product answers 503 instead of holding the request. */
  product_deadline_ms: z.number().int().positive(),
  /** An untouched cart expires after this many seconds (every write restarts the clock). */
  ttl_seconds: z.number().int().positive(),
  /**
   * How long a SKU view lives when no SkuViewsChanged event refreshes it: the read model's staleness bound if an
   * event is lost (events normally refresh a view well under a second after the change); 0 turns the views off
   * and asks product on every read. Adding to or changing a line always asks product.
   */
  sku_view_max_age_ms: z.number().int().min(0).max(3_600_000),
  /** In-flight limits of the HTTP and gRPC servers: past them, work is shed (README "Overload: bulkheads"). */
  bulkhead: bulkheadSchema,
});

/** The cart service's configuration: shared infrastructure plus services.cart. Other sections pass through. */
export const cartConfigSchema = infraConfigSchema
  .extend({
    services: z.object({ cart: cartSectionSchema }),
  })
  // With local replicas, config.addresses.<service> names every instance (pkg/src/config/replica-addresses.ts).
  .transform(withReplicaAddresses);

export type CartConfig = z.infer<typeof cartConfigSchema>;
export type CartSection = z.infer<typeof cartSectionSchema>;
