import { bulkheadSchema, infraConfigSchema, serviceListenSchema } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

/** The product service's own section, `services.product`: where it listens and what it needs beyond infra. */
export const productSettingsSchema = serviceListenSchema.extend({
  /** ISO 4217 code of every price in the catalog (one currency per deployment), e.g. USD. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  /** Catalog summaries (title, variant names) served by GetSkuProperties from memory; 0 disables the cache. */
  summary_cache: z.strictObject({ ttl_ms: z.number().int().min(0), max_entries: z.number().int().positive() }),
  /** The cart's SKU views (SkuViewsChanged on catalog-events): marked SKUs are read and published once per interval. */
  sku_view_feed: z.strictObject({ flush_interval_ms: z.number().int().min(10).max(60_000) }),
  /** Largest body of an admin catalog write (413 BODY_TOO_LARGE past it); every other route has http_limits.body_bytes. */
  catalog_body_bytes: z.number().int().positive(),
  /** In-flight limits of the HTTP and gRPC servers: past them, work is shed (README "Overload: bulkheads"). */
  bulkhead: bulkheadSchema,
  /**
   * Test only: `<try|confirm|cancel>-reserve:<before|after>-commit` or `return-stock:<before|after>-commit`, where the
   * process exits with 137; empty = off.
   */
  crash_at: z.string().default(''),
});

/** The whole configuration the product service validates at start. */
export const productConfigSchema = infraConfigSchema.extend({
  services: z.object({ product: productSettingsSchema }),
});

/** The validated `services.product` section. */
export type ProductSettings = z.infer<typeof productSettingsSchema>;
/** The validated configuration of the product service. */
export type ProductConfig = z.infer<typeof productConfigSchema>;
