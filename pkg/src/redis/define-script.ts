import type { Redis } from 'ioredis';

/** Runs a script defined by defineScript: the number of keys, then the keys, then the arguments. */
export type ScriptRunner = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;

/** A Lua script as a function of keys and arguments: ioredis sends it by its hash (EVALSHA, EVAL after a Redis restart). */
export const defineScript = (redis: Redis, name: string, lua: string): ScriptRunner => {
  redis.defineCommand(name, { lua });
  const client = redis as unknown as Record<string, ScriptRunner>;
  return (...args) => client[name]!(...args);
};
