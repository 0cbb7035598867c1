import { createHash } from 'node:crypto';
import { AppError } from '@micro-ecommerce/pkg/errors';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from '../../../app/ports.js';

// Fixed window: the first hit creates the counter with the window as TTL; later hits only count. A counter
// that somehow lost its TTL gets it back, so no bucket can stay blocked forever.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
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
 * Attempt counters in Redis, shared by every replica. Keys hold a hash of the bucket name, so emails and IPs
 * do not sit in Redis in clear text.
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
      result = await this.redis.eval(HIT, 1, this.key(bucket), rule.windowSeconds);
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
