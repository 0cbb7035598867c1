import type { SkuProperties } from './sku-properties.js';

/** What a cart shows of a SKU (its read model, DESIGN.md §7); the price is a string of cents (an int64 on the wire). */
export interface SkuView {
  title: string;
  variant_name: string;
  price_cents: string;
  purchasable: boolean;
  available: number;
}

/** data of SkuViewsChanged: views read at `observed_at_ms` (product's clock); null = the SKU no longer exists. */
export interface SkuViewsChangedData {
  observed_at_ms: number;
  views: { sku_id: string; view: SkuView | null }[];
}

/** Most views one SkuViewsChanged carries (the size of one batched product read). */
export const MAX_VIEWS_PER_MESSAGE = 200;

/** The view of a SKU, from the same properties GetSkuProperties answers the cart with. */
export const skuView = (properties: SkuProperties): SkuView => ({
  title: properties.title,
  variant_name: properties.variantName,
  price_cents: String(properties.priceCents),
  purchasable: properties.purchasable,
  available: properties.available,
});

/**
 * The SkuViewsChanged data for `skuIds`, at most MAX_VIEWS_PER_MESSAGE views each, all observed at
 * `observedAtMs`. An id without properties (deleted, unlisted, unknown) gets a null view: the cart drops it.
 */
export const skuViewsChanged = (
  observedAtMs: number,
  skuIds: readonly string[],
  found: ReadonlyMap<string, SkuProperties>,
): SkuViewsChangedData[] => {
  const messages: SkuViewsChangedData[] = [];
  for (let start = 0; start < skuIds.length; start += MAX_VIEWS_PER_MESSAGE) {
    const views = skuIds.slice(start, start + MAX_VIEWS_PER_MESSAGE).map((skuId) => {
      const properties = found.get(skuId);
      return { sku_id: skuId, view: properties === undefined ? null : skuView(properties) };
    });
    messages.push({ observed_at_ms: observedAtMs, views });
  }
  return messages;
};
