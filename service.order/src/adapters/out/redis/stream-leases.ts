import { AppError } from '@micro-ecommerce/pkg/errors';
import { defineScript, type Redis } from '@micro-ecommerce/pkg/redis';
import type { LeaseOutcome, StreamLeases } from '../../../app/ports.js';

export interface StreamLeasesOptions {
  /** Places per account (services.order.event_streams.max_per_account). */
  maxPerAccount: number;
  /** How long a lease holds unless renewed. */
  ttlMs: number;
}

// One sorted set per account: member = lease id, score = when it lapses (ms, by the Redis server's clock, so
// that replicas whose clocks differ agree). Lapsed leases are dropped before counting; the key itself expires
// with its last lease. Returns 0 when granted, else the ms until the soonest lease lapses unless renewed.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 0
end
local soonest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(soonest[2]) - now)
`;

// Renews only a lease that still counts: one that lapsed may have had its place taken meanwhile.
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) <= now then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

const keyOf = (accountId: string) => `order:event-streams:${accountId}`;

/** StreamLeases in Redis, shared by every order replica. */
export const createStreamLeases = (redis: Redis, options: StreamLeasesOptions): StreamLeases => {
  const acquire = defineScript(redis, 'orderStreamLeaseAcquire', ACQUIRE);
  const renew = defineScript(redis, 'orderStreamLeaseRenew', RENEW);
  return {
    async acquire(accountId, leaseId): Promise<LeaseOutcome> {
      let waitMs: number;
      try {
        waitMs = Number(await acquire(1, keyOf(accountId), leaseId, options.maxPerAccount, options.ttlMs));
      } catch (error) {
        // Unbounded streams are what the limit exists to prevent: without Redis, a new stream is refused (503).
        throw new AppError('UNAVAILABLE', 'live tracking is unavailable right now; try again shortly', { cause: error });
      }
      return waitMs === 0 ? { granted: true } : { granted: false, retryAfterMs: waitMs };
    },
    renew: async (accountId, leaseId) => Number(await renew(1, keyOf(accountId), leaseId, options.ttlMs)) === 1,
    async release(accountId, leaseId) {
      await redis.zrem(keyOf(accountId), leaseId);
    },
  };
};
