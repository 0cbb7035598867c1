import type { Logger } from '@micro-ecommerce/pkg/logger';
import { parseEventData, type EventHandler } from '@micro-ecommerce/pkg/rocketmq';
import { z } from 'zod';
import type { RefreshSkuViews } from '../../../app/refresh-sku-views.js';
import type { SkuFacts } from '../../../domain/cart-view.js';

// Only the fields the cart shows (a tolerant reader); the price stays a string until it is a bigint.
const skuViewsChangedData = z.object({
  observed_at_ms: z.number().int().nonnegative(),
  views: z.array(
    z.object({
      sku_id: z.string().min(1),
      view: z
        .object({
          title: z.string(),
          variant_name: z.string(),
          price_cents: z.string().regex(/^\d+$/),
          purchasable: z.boolean(),
          available: z.number().int(),
        })
        .nullable(),
    }),
  ),
});

/** Writes the views a SkuViewsChanged event carries into the cart's read model; a malformed event throws. */
export const skuViewsChangedHandler =
  (refreshSkuViews: RefreshSkuViews, logger: Logger): EventHandler =>
  async (event) => {
    const { observed_at_ms, views } = parseEventData(event, skuViewsChangedData);
    const facts = new Map<string, SkuFacts | null>(
      views.map(({ sku_id, view }) => [
        sku_id,
        view === null
          ? null
          : {
              title: view.title,
              variantName: view.variant_name,
              priceCents: BigInt(view.price_cents),
              purchasable: view.purchasable,
              available: view.available,
            },
      ]),
    );
    await refreshSkuViews(facts, observed_at_ms);
    logger.debug({ event_id: event.id, skus: facts.size, observed_at_ms }, 'SkuViewsChanged applied');
  };
