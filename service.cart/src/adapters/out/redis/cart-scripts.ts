// Lua scripts of the Redis cart store. Each one reads and writes a cart in one atomic step, so two requests of
// the same customer can never both pass a check that only one of them should (e.g. the last free line).
// ADD_LINE and SET_LINE mirror domain/cart-limits.ts (addViolation, setViolation) check for check.

/** KEYS: cart. ARGV: sku, delta, max quantity per line, max lines, available, ttl seconds. */
export const ADD_LINE = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local wanted = current + tonumber(ARGV[2])
if wanted > tonumber(ARGV[3]) then return {'QUANTITY_LIMIT_EXCEEDED', current} end
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return {'CART_FULL', current} end
if wanted > tonumber(ARGV[5]) then return {'OUT_OF_STOCK', current} end
local quantity = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return {'OK', current, quantity}
`;

/** KEYS: cart. ARGV: sku, quantity, available, ttl seconds. */
export const SET_LINE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'NOT_IN_CART' end
if tonumber(ARGV[2]) > tonumber(ARGV[3]) then return 'OUT_OF_STOCK' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 'OK'
`;

/**
 * KEYS: cart [, operation marker]. ARGV: marker ttl seconds, then sku/quantity pairs. The marker is written in
 * the same step as the decrements, so a repeated operation id changes nothing. Answers {applied, HGETALL}.
 */
export const REMOVE_UNITS = `
if #KEYS > 1 and not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
  return {0, redis.call('HGETALL', KEYS[1])}
end
for i = 2, #ARGV, 2 do
  local left = redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 1]))
  if left <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return {1, redis.call('HGETALL', KEYS[1])}
`;
