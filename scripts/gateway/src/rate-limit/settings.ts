import { z } from 'zod';

const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** The gateway's `rate_limit` section: how the limits of config/routes.yaml are enforced locally. */
export const rateLimitSettingsSchema = z.strictObject({
  /**
   * Every limit of config/routes.yaml times this (at least 1 request). The test stage raises the limits so
   * that the e2e suite, all of it from 127.0.0.1, is never throttled; its rate-limit test sets 1 again.
   */
  limit_multiplier: z.number().positive(),
  /** Prefix of the counters' Redis keys: gateways with the same prefix (and Redis) share one budget. */
  key_prefix: z.string().min(1),
  /**
   * Addresses of proxies in front of the gateway (a load balancer). Only a request arriving from one of them
   * has its client taken from X-Forwarded-For (the nearest address that is not a trusted proxy); from anyone
   * else the header is the client's own claim and the connection's address counts. Empty: always the connection.
   */
  trusted_proxies: z.array(ipAddress),
});

export type RateLimitSettings = z.infer<typeof rateLimitSettingsSchema>;
