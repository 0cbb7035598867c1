import { cachedTokenVerifier, createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { loadRouteTableWithLimits, type InfraConfig } from '@micro-ecommerce/pkg/config';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import type { Logger } from 'pino';
import { withRateLimitResponses, type OpenApiDocument } from './openapi-429.js';
import { clientAddress, verifiedSubject } from './client-identity.js';
import { rateLimit } from './rate-limit-middleware.js';
import { createRateLimitMetrics } from './rate-limit-metrics.js';
import { RedisBuckets } from './redis-buckets.js';
import type { RateLimitSettings } from './settings.js';

/** What the gateway's composition root needs of the rate limit. */
export interface EdgeRateLimit {
  middleware: ReturnType<typeof rateLimit>;
  /** Adds the 429 answer to a service's OpenAPI document as /docs serves it. */
  documentLimits: (doc: OpenApiDocument) => OpenApiDocument;
  close(): Promise<void>;
}

/**
 * The rate limit of the gateway from its stage config: the classes of the routes file, counters in the stage's
 * Redis, tokens verified against the customer service's JWKS. Call after initMetrics.
 */
export const createEdgeRateLimit = (
  config: Pick<InfraConfig, 'redis' | 'auth'> & { gateway: { routes_file: string; rate_limit: RateLimitSettings } },
  logger: Logger,
): EdgeRateLimit => {
  const settings = config.gateway.rate_limit;
  const table = loadRouteTableWithLimits(config.gateway.routes_file);
  // A hung Redis must not hang the edge: a count without an answer in 250 ms lets the request through uncounted.
  const redis = createRedis(config.redis.url, logger, { commandTimeoutMs: 250 });
  const verify = cachedTokenVerifier(
    createTokenVerifier({ keys: { jwksUrl: config.auth.jwks_url }, issuer: config.auth.issuer, audience: config.auth.audience }),
    { maxEntries: 10_000, maxAgeMs: 60_000 },
  );
  const trusted = new Set(settings.trusted_proxies);
  return {
    middleware: rateLimit({
      routes: table.routes,
      classes: table.rateLimitClasses,
      multiplier: settings.limit_multiplier,
      buckets: new RedisBuckets(redis, settings.key_prefix),
      identify: async (c, withSubject) => ({
        ip: clientAddress(c, trusted),
        subject: withSubject ? await verifiedSubject(c, verify) : undefined,
      }),
      logger,
      metrics: createRateLimitMetrics(),
    }),
    documentLimits: (doc) => withRateLimitResponses(doc, table),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
};
