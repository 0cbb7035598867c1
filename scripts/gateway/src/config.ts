import { infraConfigSchema, listenSchema, serviceListenSchema } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';
import { rateLimitSettingsSchema } from './rate-limit/settings.js';

/** The gateway reads its own section plus where each service's HTTP port is (services.<name>.http). */
export const gatewayConfigSchema = infraConfigSchema.extend({
  gateway: z.strictObject({
    http: listenSchema,
    upstream_timeout_ms: z.number().int().positive(),
    routes_file: z.string().min(1),
    rate_limit: rateLimitSettingsSchema,
  }),
  services: z.object({
    customer: serviceListenSchema.loose(),
    // Its catalog writes take larger bodies than any other route: the edge lets bodies up to that size through.
    product: serviceListenSchema.extend({ catalog_body_bytes: z.number().int().positive() }).loose(),
    cart: serviceListenSchema.loose(),
    order: serviceListenSchema.loose(),
    payment: serviceListenSchema.loose(),
  }),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
