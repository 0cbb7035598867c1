import { matchRoute, rateLimitClassFor, type RateLimitClass, type Route } from '@micro-ecommerce/pkg/config';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { AppEnv } from '@micro-ecommerce/pkg/http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ClientIdentity } from './client-identity.js';
import { rateLimitField, rateLimitPolicyField } from './ratelimit-headers.js';
import type { RateLimitMetrics } from './rate-limit-metrics.js';
import type { BucketCounter, BucketOutcome, BucketSpec } from './redis-buckets.js';

export interface RateLimitOptions {
  routes: readonly Route[];
  classes: Readonly<Record<string, RateLimitClass>>;
  /** Every limit times this, at least 1 (the test stage raises them; see config/test.yaml). */
  multiplier: number;
  buckets: BucketCounter;
  /** Who the request counts as; `withSubject` false skips the token check for classes without per_subject. */
  identify: (c: Context<AppEnv>, withSubject: boolean) => Promise<ClientIdentity>;
  logger: Logger;
  metrics: RateLimitMetrics;
}

// The gateway's own endpoints are never limited (a scraper or a probe must not be locked out by traffic);
// they are not in the route table either, so this only states it where it is decided.
const EXEMPT = /^\/(?:healthz|readyz|metrics|docs)(?:\/|$)/;

const scaled = (limit: number, multiplier: number): number => Math.max(1, Math.round(limit * multiplier));

const bucketsOf = (className: string, limits: RateLimitClass, who: ClientIdentity, multiplier: number): BucketSpec[] => {
  const window = { className, windowSeconds: limits.window_seconds };
  const buckets: BucketSpec[] = [{ ...window, kind: 'ip', key: who.ip, quota: scaled(limits.per_ip, multiplier) }];
  if (limits.per_subject !== undefined && who.subject !== undefined)
    buckets.push({ ...window, kind: 'subject', key: who.subject, quota: scaled(limits.per_subject, multiplier) });
  return buckets;
};

const setHeaders = (c: Context<AppEnv>, outcomes: readonly BucketOutcome[]): void => {
  c.header('RateLimit-Policy', rateLimitPolicyField(outcomes));
  c.header('RateLimit', rateLimitField(outcomes));
};

/**
 * The edge rate limit: each request of a config/routes.yaml route counts in its class's per-address bucket and,
 * with a verified token, its per-subject bucket; an empty bucket answers 429 RATE_LIMITED (Retry-After from the
 * error handler), and every counted answer carries RateLimit and RateLimit-Policy.
 *
 * When the counters cannot be reached the request goes through uncounted (fail open), with a log line when
 * that starts and ends and the `unchecked` metric per request: an outage of Redis would otherwise take the
 * whole public API down with it, while the services keep their own protections (the login limit, the bulkhead).
 */
export const rateLimit = (options: RateLimitOptions): MiddlewareHandler<AppEnv> => {
  let failing = false;
  return async (c, next) => {
    if (EXEMPT.test(c.req.path)) return next();
    const route = matchRoute(options.routes, c.req.path);
    if (route === undefined) return next();
    const className = rateLimitClassFor(route.rate_limit, c.req.method);
    const limits = options.classes[className]!;
    const who = await options.identify(c, limits.per_subject !== undefined);
    let outcomes: BucketOutcome[];
    try {
      outcomes = await Promise.all(bucketsOf(className, limits, who, options.multiplier).map((b) => options.buckets.take(b)));
    } catch (error) {
      options.metrics.unchecked(className);
      if (!failing) options.logger.warn({ err: error }, 'rate limits not enforced: the counters are unreachable (failing open)');
      failing = true;
      return next();
    }
    if (failing) options.logger.info('rate limits enforced again: the counters are reachable');
    failing = false;
    const refused = outcomes.find((outcome) => !outcome.allowed);
    if (refused !== undefined) {
      options.metrics.limited(className, refused.kind);
      // Before the throw: the error handler's answer keeps headers set on the context.
      setHeaders(c, outcomes);
      throw new AppError('RESOURCE_EXHAUSTED', `too many requests: the ${className} limit per ${refused.kind} is used up`, {
        reason: 'RATE_LIMITED',
        httpStatus: 429,
        details: {
          class: className,
          key: refused.kind,
          limit: refused.quota,
          window_seconds: refused.windowSeconds,
          retry_after_seconds: Math.max(1, refused.resetSeconds),
        },
      });
    }
    await next();
    // After the answer exists: a forwarded Response does not take headers prepared on the context.
    setHeaders(c, outcomes);
  };
};
