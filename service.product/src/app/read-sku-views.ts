import { skuPropertiesById, type SkuProperties } from '../domain/sku-properties.js';
import { isSkuId } from '../domain/sku.js';
import type { CatalogRepository, SkuRepository } from './ports.js';

/**
 * The cart-visible properties of these SKUs, read exactly as GetSkuProperties answers the cart (one SKU query,
 * then the products' summaries, mostly from the cache) but without its batch limit: the SKU view feed reads
 * every SKU that changed in one flush. Absent ids are deleted, unlisted or unknown SKUs.
 */
export const makeReadSkuViews =
  ({ catalog, skus, currency }: { catalog: CatalogRepository; skus: SkuRepository; currency: string }) =>
  async (skuIds: readonly string[]): Promise<Map<string, SkuProperties>> => {
    const lookup = skuIds.filter(isSkuId);
    const rows = lookup.length === 0 ? [] : await skus.findByIds(lookup);
    const products = rows.length === 0 ? [] : await catalog.findSummariesByIds([...new Set(rows.map((row) => row.productId))]);
    return skuPropertiesById(rows, products, currency);
  };

/** The feed's read, as the feed adapter sees it. */
export type ReadSkuViews = ReturnType<typeof makeReadSkuViews>;
