export { createRedis, type Redis } from './create-redis.js';
export { defineScript, type ScriptRunner } from './define-script.js';
