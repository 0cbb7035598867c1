import type { RateLimitDecision, RateLimiter, RateLimitRule } from '../../src/app/ports.js';

/** Counters without time: a window never ends unless the test calls reset(). */
export class FakeRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  /** The rule each bucket was last counted under. */
  readonly rules = new Map<string, RateLimitRule>();
  retryAfterSeconds = 42;

  async hit(bucket: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const count = (this.counts.get(bucket) ?? 0) + 1;
    this.counts.set(bucket, count);
    this.rules.set(bucket, rule);
    return { allowed: count <= rule.limit, retryAfterSeconds: this.retryAfterSeconds };
  }

  async refund(bucket: string): Promise<void> {
    const count = this.counts.get(bucket) ?? 0;
    if (count > 0) this.counts.set(bucket, count - 1);
  }

  reset(): void {
    this.counts.clear();
  }
}
