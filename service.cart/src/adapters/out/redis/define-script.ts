import type { Redis } from '@micro-ecommerce/pkg/redis';

export type ScriptRunner = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;

// ioredis loads each script once (EVALSHA, falling back to EVAL after a Redis restart) under the given name.
export const defineScript = (redis: Redis, name: string, lua: string): ScriptRunner => {
  redis.defineCommand(name, { lua });
  const client = redis as unknown as Record<string, ScriptRunner>;
  return (...args) => client[name]!(...args);
};
