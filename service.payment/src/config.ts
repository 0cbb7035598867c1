import { bulkheadSchema, infraConfigSchema, serviceListenSchema } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

/** services.payment: where the payment service listens, plus its own limits. */
export const paymentSectionSchema = serviceListenSchema.extend({
  /** Largest single top-up in cents: bounds what one mistaken or stolen request can charge. */
  max_topup_cents: z.number().int().positive().max(100_000_000),
  /** Largest page of the payment history. */
  max_page_size: z.number().int().positive().max(500),
  /** In-flight limits of the HTTP and gRPC servers: past them, work is shed (README "Overload: bulkheads"). */
  bulkhead: bulkheadSchema,
  /**
   * Test only: `<try|confirm|cancel>-debit:<before|after>-commit` or `refund:<before|after>-commit`, where the
   * process exits with 137; empty = off.
   */
  crash_at: z.string().default(''),
});

/** The payment service's configuration: shared infrastructure plus services.payment. Other sections pass through. */
export const paymentConfigSchema = infraConfigSchema.extend({
  services: z.object({ payment: paymentSectionSchema }),
});

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
export type PaymentSection = z.infer<typeof paymentSectionSchema>;
