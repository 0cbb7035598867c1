import { createHash } from 'node:crypto';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from '../../../app/ports.js';

// Fixed window: the first hit creates the counter with the window as TTL; later hits only count. A counter
// that somehow lost its TTL gets it back, so no bucket can stay blocked forever. With a backoff (ARGV[3] > 0),
// each hit past the limit (ARGV[2]) blocks the bucket for window * 2^(hits past the limit - 1), at most ARGV[3].
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
local window, limit, max_backoff = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if max_backoff > 0 and count > limit then
  ttl = math.min(window * 2 ^ math.min(count - limit - 1, 30), max_backoff)
  redis.call('EXPIRE', KEYS[1], ttl)
elseif ttl < 0 then
  redis.call('EXPIRE', KEYS[1], window)
  ttl = window
end
return {count, ttl}`;

// Only an existing counter is decremented: a refund after the window ended must not start a new one at -1.
const REFUND = `
local count = tonumber(redis.call('GET', KEYS[1]))
if count and count > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

/**
 * Attempt counters in Redis, shared by every replica. Keys hold a hash of the bucket name, so emails and
 * addresses do not sit in Redis in clear text.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix = 'customer:ratelimit:',
  ) {}

  private key(bucket: string): string {
    return this.prefix + createHash('sha256').update(bucket).digest('base64url');
  }

  async hit(bucket: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    let result: unknown;
    try {
      result = await this.redis.eval(HIT, 1, this.key(bucket), rule.windowSeconds, rule.limit, rule.maxBackoffSeconds ?? 0);
    } catch (error) {
      // Failing closed: without the counters, login would be open to unlimited guessing.
      throw new AppError('UNAVAILABLE', 'login is unavailable right now; try again shortly', { cause: error });
    }
    const [count, ttl] = result as [number, number];
    return { allowed: count <= rule.limit, retryAfterSeconds: Math.max(1, ttl) };
  }

  async refund(bucket: string): Promise<void> {
    try {
      await this.redis.eval(REFUND, 1, this.key(bucket));
    } catch (error) {
      // The login already succeeded; a lost refund only costs the caller one attempt of its allowance.
      this.logger.warn({ err: error }, 'could not refund a login attempt');
    }
  }
}
