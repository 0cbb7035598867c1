import { infraConfigSchema, serviceListenSchema } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

const jwtSchema = z.strictObject({
  private_key_path: z.string().min(1),
  public_key_path: z.string().min(1),
  // A day at most: tokens cannot be revoked, so their lifetime bounds how long a stolen one works.
  ttl_seconds: z.number().int().positive().max(86_400),
  generate_if_missing: z.boolean(),
});

const loginRateLimitSchema = z.strictObject({
  window_seconds: z.number().int().positive(),
  max_per_email: z.number().int().positive(),
  max_per_ip: z.number().int().positive(),
});

const adminSchema = z.strictObject({ email: z.string().min(3), password: z.string().min(8) });

/** The customer service's configuration: shared infrastructure plus its own `services.customer` section. */
export const customerConfigSchema = infraConfigSchema.extend({
  services: z.object({
    customer: serviceListenSchema.extend({
      jwt: jwtSchema,
      login_rate_limit: loginRateLimitSchema,
      admins: z.array(adminSchema),
    }),
  }),
});

export type CustomerConfig = z.infer<typeof customerConfigSchema>;
export type CustomerSection = CustomerConfig['services']['customer'];
