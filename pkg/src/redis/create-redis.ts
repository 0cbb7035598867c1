import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { traceRedis } from './trace-redis.js';

export type { Redis } from 'ioredis';

/**
 * An ioredis client for `url`. Commands issued while disconnected are queued for a bounded time and then
 * fail, so a Redis outage surfaces as errors instead of requests that hang forever. Commands sent inside a span
 * get a CLIENT span of their own. Commands issued in the same event-loop turn leave in one write and their
 * replies come back in one read (ioredis auto-pipelining): the gateway's two rate-limit buckets, or many
 * concurrent requests' reads, cost one round trip instead of one each. No service uses blocking commands, which
 * would hold up the commands pipelined behind them.
 * With `commandTimeoutMs`, a command without a reply by then fails (ioredis commandTimeout), also while it waits
 * in the offline queue: for callers that would rather go on without Redis than wait for it (the gateway's rate
 * limit fails open).
 */
export const createRedis = (url: string, logger?: Logger, options: { commandTimeoutMs?: number } = {}): Redis => {
  const client = new Redis(url, {
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    enableOfflineQueue: true,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  client.on('error', (error: Error) => logger?.warn({ err: error }, 'redis connection error'));
  return traceRedis(client);
};
