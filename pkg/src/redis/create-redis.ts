import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { traceRedis } from './trace-redis.js';

export type { Redis } from 'ioredis';

/**
 * An ioredis client for `url`. Commands issued while disconnected are queued for a bounded time and then
 * fail, so a Redis outage surfaces as errors instead of requests that hang forever. Commands sent inside a span
 * get a CLIENT span of their own.
 */
export const createRedis = (url: string, logger?: Logger): Redis => {
  const client = new Redis(url, {
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  client.on('error', (error: Error) => logger?.warn({ err: error }, 'redis connection error'));
  return traceRedis(client);
};
