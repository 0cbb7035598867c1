import type { Redis } from '@micro-ecommerce/pkg/redis';
import { getMeter } from '@micro-ecommerce/pkg/telemetry';
import type { SkuViews } from '../../../app/ports.js';
import type { SkuFacts } from '../../../domain/cart-view.js';

export interface RedisSkuViewsOptions {
  /** How long a view is used before product is asked again: the staleness bound of a cart read. */
  maxAgeMs: number;
}

/** The Redis key of a SKU's view. */
export const skuViewKey = (skuId: string): string => `cart:sku-view:${skuId}`;

// JSON with the price as a string: product's int64 cents must not pass through a float.
interface StoredView {
  title: string;
  variant_name: string;
  price_cents: string;
  purchasable: boolean;
  available: number;
}

const encode = (view: SkuFacts | null): string =>
  JSON.stringify(
    view === null
      ? null
      : {
          title: view.title,
          variant_name: view.variantName,
          price_cents: view.priceCents.toString(),
          purchasable: view.purchasable,
          available: view.available,
        },
  );

const decode = (raw: string): SkuFacts | null => {
  const stored = JSON.parse(raw) as StoredView | null;
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
 * SKU views as Redis strings `cart:sku-view:{skuId}` that expire after `maxAgeMs`: one MGET per cart read, one
 * pipelined SET per batch product answered. Each SKU looked up counts once in micro_ecommerce.cart.sku_views,
 * result="hit" (answered from Redis) or "miss" (asked of product).
 */
export const createRedisSkuViews = (redis: Redis, options: RedisSkuViewsOptions): SkuViews => {
  const lookups = getMeter().createCounter('micro_ecommerce.cart.sku_views', {
    unit: '{sku}',
    description: 'SKU views a cart read took from the cart read model in Redis (hit) or had to ask product for (miss).',
  });
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
    async write(views) {
      const pipeline = redis.pipeline();
      for (const [skuId, view] of views) pipeline.set(skuViewKey(skuId), encode(view), 'PX', options.maxAgeMs);
      await pipeline.exec();
    },
  };
};
