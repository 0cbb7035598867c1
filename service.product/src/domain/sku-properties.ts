import type { Product } from './product.js';
import type { Sku } from './sku.js';

/** The catalog facts of one SKU that carts and orders need. */
export interface SkuProperties {
  skuId: string;
  productId: string;
  title: string;
  variantName: string;
  priceCents: number;
  currency: string;
  imageUrl: string;
  attributes: Record<string, string>;
  purchasable: boolean;
  /** Units available to buy now. */
  available: number;
}

/** The part of a catalog document SKU properties are built from. */
export type ProductSummary = Pick<Product, 'id' | 'title' | 'assets' | 'variants'>;

/**
 * Joins SKU rows with the documents that list them. A SKU is known only when both sides have it: a row
 * without a document is an unfinished or undone write and stays invisible. Every SKU that is known is
 * purchasable; deleted products' SKUs are not known at all.
 */
export const skuPropertiesById = (
  skus: readonly Sku[],
  products: readonly ProductSummary[],
  currency: string,
): Map<string, SkuProperties> => {
  const listed = new Map<string, { product: ProductSummary; variant: Product['variants'][number] }>();
  for (const product of products) for (const variant of product.variants) listed.set(variant.skuId, { product, variant });
  const result = new Map<string, SkuProperties>();
  for (const sku of skus) {
    const entry = listed.get(sku.id);
    if (entry === undefined || entry.product.id !== sku.productId) continue;
    result.set(sku.id, {
      skuId: sku.id,
      productId: sku.productId,
      title: entry.product.title,
      variantName: entry.variant.name,
      priceCents: sku.priceCents,
      currency,
      imageUrl: entry.product.assets[0]?.url ?? '',
      attributes: entry.variant.attributes,
      purchasable: true,
      available: sku.available,
    });
  }
  return result;
};
