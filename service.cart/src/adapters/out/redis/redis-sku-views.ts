import { defineScript, type Redis } from '@micro-ecommerce/pkg/redis';
import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { SkuViews } from '../../../app/ports.js';
import type { SkuFacts } from '../../../domain/cart-view.js';

export interface RedisSkuViewsOptions {
  /**
   * How long a view lives without a newer one arriving: the fallback staleness bound when a SkuViewsChanged event
   * is lost (product's feed refreshes a view as soon as the SKU changes).
   */
  maxAgeMs: number;
}

/** The Redis key of a SKU's view. */
export const skuViewKey = (skuId: string): string => `cart:sku-view:${skuId}`;

// Stored as "<observed_at_ms>|<JSON>": the script below compares the stamp without decoding the JSON. The price is
// a string in the JSON: product's int64 cents must not pass through a float.
interface StoredView {
  title: string;
  variant_name: string;
  price_cents: string;
  purchasable: boolean;
  available: number;
}

/**
 * KEYS: view keys. ARGV: max age ms, then one (observed_at_ms, value) pair per key. A key is written unless it holds
 * a view observed at the same time or later: an event and a product answer racing each other leave the newer one.
 */
const WRITE_NEWER = `
for i = 1, #KEYS do
  local observed = tonumber(ARGV[2 * i])
  local current = redis.call('GET', KEYS[i])
  local stored = current and tonumber(string.match(current, '^(%d+)|'))
  if not stored or stored < observed then redis.call('SET', KEYS[i], ARGV[2 * i + 1], 'PX', ARGV[1]) end
end
return #KEYS
`;

const encode = (view: SkuFacts | null, observedAtMs: number): string =>
  `${observedAtMs}|${JSON.stringify(
    view === null
      ? null
      : {
          title: view.title,
          variant_name: view.variantName,
          price_cents: view.priceCents.toString(),
          purchasable: view.purchasable,
          available: view.available,
        },
  )}`;

const decode = (raw: string): SkuFacts | null => {
  const stored = JSON.parse(raw.slice(raw.indexOf('|') + 1)) as StoredView | null;
  if (stored === null) return null;
  return {
    title: stored.title,
    variantName: stored.variant_name,
    priceCents: BigInt(stored.price_cents),
    purchasable: stored.purchasable,
    available: stored.available,
  };
};

/**
 * SKU views as Redis strings `cart:sku-view:{skuId}` that expire after `maxAgeMs` unless refreshed: one MGET per
 * cart read, one script call per batch written (newer wins). Each SKU looked up counts once in
 * micro_ecommerce.cart.sku_views, result="hit" (answered from Redis) or "miss" (asked of product).
 */
export const createRedisSkuViews = (redis: Redis, options: RedisSkuViewsOptions): SkuViews => {
  const lookups = getMeter().createCounter('micro_ecommerce.cart.sku_views', {
    unit: '{sku}',
    description: 'SKU views a cart read took from the cart read model in Redis (hit) or had to ask product for (miss).',
  });
  const writeNewer = defineScript(redis, 'cartWriteNewerViews', WRITE_NEWER);
  return {
    async read(skuIds) {
      const raw = await redis.mget(skuIds.map(skuViewKey));
      const views = new Map<string, SkuFacts | null>();
      raw.forEach((value, i) => {
        if (value !== null) views.set(skuIds[i]!, decode(value));
      });
      lookups.add(views.size, { result: 'hit' });
      lookups.add(skuIds.length - views.size, { result: 'miss' });
      return views;
    },
    async write(views, observedAtMs) {
      if (views.size === 0) return;
      const keys = [...views.keys()].map(skuViewKey);
      const pairs = [...views.values()].flatMap((view) => [observedAtMs, encode(view, observedAtMs)]);
      await writeNewer(keys.length, ...keys, options.maxAgeMs, ...pairs);
    },
  };
};
