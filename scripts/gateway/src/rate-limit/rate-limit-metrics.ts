import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { KeyKind } from './redis-buckets.js';

/** The rate limit's counters on the gateway's meter. */
export interface RateLimitMetrics {
  /** A request answered 429 by `className`'s bucket counted by `kind`. */
  limited(className: string, kind: KeyKind): void;
  /** A request let through uncounted because the counters could not be reached (fail open). */
  unchecked(className: string): void;
}

/**
 * micro_ecommerce.gateway.rate_limit.limited{class,key} and micro_ecommerce.gateway.rate_limit.unchecked{class}.
 * Create after initMetrics (pkg getMeter).
 */
export const createRateLimitMetrics = (): RateLimitMetrics => {
  const meter = getMeter();
  const limited = meter.createCounter('micro_ecommerce.gateway.rate_limit.limited', {
    unit: '{request}',
    description: 'Requests the gateway answered 429 RATE_LIMITED, by route class and by what the exhausted bucket counts (ip or subject).',
  });
  const unchecked = meter.createCounter('micro_ecommerce.gateway.rate_limit.unchecked', {
    unit: '{request}',
    description: 'Requests let through without a rate-limit check because Redis could not be reached (the limit fails open).',
  });
  return {
    limited: (className, kind) => limited.add(1, { class: className, key: kind }),
    unchecked: (className) => unchecked.add(1, { class: className }),
  };
};
