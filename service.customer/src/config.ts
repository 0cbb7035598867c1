import { bulkheadSchema, infraConfigSchema, serviceListenSchema } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

const jwtSchema = z.strictObject({
  private_key_path: z.string().min(1),
  public_key_path: z.string().min(1),
  // An hour at most: only the customer service sees a revocation (token version); every other service accepts an
  // access token until it expires, so its lifetime bounds how long a stolen one works there.
  ttl_seconds: z.number().int().positive().max(3_600),
  /** Lifetime of an unspent refresh token; each refresh hands out a new one. */
  refresh_ttl_seconds: z
    .number()
    .int()
    .positive()
    .max(90 * 86_400),
  generate_if_missing: z.boolean(),
});

const loginRateLimitSchema = z.strictObject({
  window_seconds: z.number().int().positive(),
  /** Failed attempts per window from one client address, whatever the accounts. */
  max_per_ip: z.number().int().positive(),
  /** Failed attempts per window at one account from one address; past it the wait doubles with each attempt. */
  max_per_account_and_ip: z.number().int().positive(),
  /** The longest one address waits for one account. */
  max_backoff_seconds: z.number().int().positive(),
});

const accountSchema = z.strictObject({ email: z.string().min(3), password: z.string().min(8) });

const mailSchema = z.strictObject({
  /** From: of every notification e-mail. */
  from: z.string().min(3),
  /** Where the local sender writes .eml files (relative to the working directory); unused when smtp.host is set. */
  dir: z.string().min(1),
  /** How often notifications that are still unsent (a failed send, a crash after the commit) are retried. */
  retry_interval_ms: z.number().int().positive(),
  /** SMTP relay; an empty host selects the .eml file sender. */
  smtp: z.strictObject({
    host: z.string(),
    port: z.number().int().min(1).max(65_535),
    /** TLS from the first byte (port 465); false upgrades with STARTTLS when the server offers it. */
    secure: z.boolean(),
    user: z.string(),
    password: z.string(),
  }),
});

/** The customer service's configuration: shared infrastructure plus its own `services.customer` section. */
export const customerConfigSchema = infraConfigSchema.extend({
  services: z.object({
    customer: serviceListenSchema.extend({
      jwt: jwtSchema,
      login_rate_limit: loginRateLimitSchema,
      admins: z.array(accountSchema),
      staff: z.array(accountSchema),
      /** Percentage of a referred customer's paid total credited to the referrer (floored to the cent); 0 turns it off. */
      referral_commission_percent: z.number().int().min(0).max(100),
      /** Largest page of GET /api/v1/customer/notifications. */
      max_page_size: z.number().int().positive().max(1000),
      mail: mailSchema,
      /** In-flight limits of the HTTP and gRPC servers: past them, work is shed (README "Overload: bulkheads"). */
      bulkhead: bulkheadSchema,
    }),
  }),
});

export type CustomerConfig = z.infer<typeof customerConfigSchema>;
export type CustomerSection = CustomerConfig['services']['customer'];
