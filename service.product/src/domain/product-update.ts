import { AppError } from '@micro-ecommerce/pkg/errors';
import { invalidField } from './invalid-field.js';
import { priceCents } from './money.js';
import { catalogFields, newVariants, type CatalogFields, type NewVariant, type Product, type Variant } from './product.js';

/** One entry of an update's variant list: reprice an existing SKU, or add a variant. */
export type VariantChange = { kind: 'price'; skuId: string; priceCents: number } | ({ kind: 'add' } & NewVariant);

/** What an admin asks to change; absent fields stay as they are. */
export interface ProductChanges extends Partial<CatalogFields> {
  variants?: VariantChange[];
}

/** A checked update: new catalog fields, new prices of existing SKUs, and variants to add. */
export interface ProductUpdatePlan {
  fields: Partial<CatalogFields>;
  prices: { skuId: string; priceCents: number }[];
  added: NewVariant[];
}

/**
 * Checks an update against the current product. Existing variants can only be repriced (their name and
 * attributes are what carts and orders already show); a SKU id that is not one of this product's is a 404.
 */
export const planProductUpdate = (product: Product, changes: ProductChanges): ProductUpdatePlan => {
  const fields = catalogFields(changes);
  const known = new Set(product.variants.map((v) => v.skuId));
  const prices: ProductUpdatePlan['prices'] = [];
  const adds: { input: NewVariant; index: number }[] = [];
  (changes.variants ?? []).forEach((change, index) => {
    if (change.kind === 'add') {
      adds.push({ input: change, index });
      return;
    }
    const field = `variants.${index}.sku_id`;
    // 422, not 404: the product the path names exists; the body refers to a SKU it does not have.
    if (!known.has(change.skuId))
      throw new AppError('FAILED_PRECONDITION', `product ${product.id} has no SKU ${change.skuId}`, {
        reason: 'SKU_NOT_FOUND',
        httpStatus: 422,
        details: { field, sku_id: change.skuId },
      });
    if (prices.some((p) => p.skuId === change.skuId)) throw invalidField(field, 'SKU listed twice');
    prices.push({ skuId: change.skuId, priceCents: priceCents(change.priceCents, `variants.${index}.price_cents`) });
  });
  const added = newVariants(
    adds.map((a) => a.input),
    product.variants,
    (i) => `variants.${adds[i]!.index}`,
  );
  return { fields, prices, added };
};

/** The product after an update: new fields, added variants appended, version bumped. */
export const applyProductUpdate = (product: Product, fields: Partial<CatalogFields>, added: readonly Variant[], now: Date): Product => ({
  ...product,
  ...fields,
  variants: [...product.variants, ...added],
  version: product.version + 1,
  updatedAt: now,
});
