import { createHash } from 'node:crypto';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { BucketReport } from './ratelimit-headers.js';

/** What a bucket counts by: the client's address, or the subject of its verified token. */
export type KeyKind = 'ip' | 'subject';

const LOST = new Set(['reconnecting', 'close', 'end']);

/** One bucket a request is counted in: its class, what it counts by, and the quota of one window. */
export interface BucketSpec {
  className: string;
  kind: KeyKind;
  key: string;
  quota: number;
  windowSeconds: number;
}

/** A request counted in one bucket: whether the bucket still had room, and what to tell the client. */
export interface BucketOutcome extends BucketReport {
  kind: KeyKind;
  allowed: boolean;
}

/** Where the counters live; the middleware depends on this, the integration tests use the Redis one. */
export interface BucketCounter {
  /** Counts one request in `spec`'s bucket; rejects when the counters cannot be reached. */
  take(spec: BucketSpec): Promise<BucketOutcome>;
}

/**
 * Fixed-window counters in Redis through rate-limiter-flexible (one atomic Lua INCR + PTTL per bucket), so
 * every gateway with the same Redis and key prefix counts into the same buckets. A bucket's key holds a hash
 * of the address or subject, so neither sits in Redis in clear text.
 */
export class RedisBuckets implements BucketCounter {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  /** `redis` should fail commands that get no reply in time (createRedis's commandTimeoutMs): the caller fails open. */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private limiterOf(spec: BucketSpec): RateLimiterRedis {
    const id = `${spec.className}:${spec.kind}:${spec.quota}:${spec.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (limiter === undefined) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.keyPrefix}${spec.className}:${spec.kind}`,
        points: spec.quota,
        duration: spec.windowSeconds,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async take(spec: BucketSpec): Promise<BucketOutcome> {
    // Lost connection: refuse at once rather than queue behind ioredis's reconnects, so that the caller lets the
    // request through (fail open) without waiting. While (first) connecting, the command waits, for its timeout.
    if (LOST.has(this.redis.status)) throw new Error(`redis connection is ${this.redis.status}`);
    const key = createHash('sha256').update(spec.key).digest('base64url').slice(0, 22);
    let result: RateLimiterRes;
    let allowed = true;
    try {
      result = await this.limiterOf(spec).consume(key);
    } catch (error) {
      // rate-limiter-flexible rejects with the counter's state when the bucket is empty, with an Error when
      // Redis fails or does not answer in time.
      if (!(error instanceof RateLimiterRes)) throw error;
      result = error;
      allowed = false;
    }
    return {
      policy: `${spec.className}-${spec.kind}`,
      kind: spec.kind,
      allowed,
      quota: spec.quota,
      windowSeconds: spec.windowSeconds,
      remaining: result.remainingPoints,
      resetSeconds: Math.ceil(result.msBeforeNext / 1000),
    };
  }
}
