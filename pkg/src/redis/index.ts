export { createRedis, type Redis } from './create-redis.js';
