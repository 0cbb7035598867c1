import type { Product, Variant } from './product.js';
import type { Sku } from './sku.js';

/** A variant as shoppers see it: catalog facts plus the SKU's price and sellable units. */
export interface VariantView extends Variant {
  priceCents: number;
  available: number;
}

/** A product as the public API shows it. */
export interface ProductView extends Omit<Product, 'variants' | 'version'> {
  variants: VariantView[];
}

/**
 * Joins a catalog document with its SKU rows. A variant without a live SKU row (deleted, or mid-way through a
 * write) is left out rather than shown without a price.
 */
export const productView = (product: Product, skus: readonly Sku[]): ProductView => {
  const byId = new Map(skus.map((sku) => [sku.id, sku]));
  const { version: _version, variants, ...rest } = product;
  return {
    ...rest,
    variants: variants.flatMap((variant) => {
      const sku = byId.get(variant.skuId);
      return sku === undefined ? [] : [{ ...variant, priceCents: sku.priceCents, available: sku.available }];
    }),
  };
};
