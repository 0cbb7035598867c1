import { AppError } from '@micro-ecommerce/pkg/errors';
import { invalidField } from './invalid-field.js';
import { priceCents } from './money.js';
import { initialStock } from './stock.js';

/** Size limits of catalog fields (characters or entries), shared with the HTTP schemas. */
export const LIMITS = {
  title: 200,
  body: 20_000,
  category: 64,
  assets: 20,
  url: 2048,
  alt: 300,
  variants: 100,
  variantName: 100,
  attributes: 20,
  attributeKey: 50,
  attributeValue: 200,
} as const;

/** An image or other media of a product. */
export interface Asset {
  url: string;
  alt: string;
}

/** A purchasable variant of a product (e.g. "Blue / 42"); its price and stock live on the SKU row. */
export interface Variant {
  skuId: string;
  name: string;
  attributes: Record<string, string>;
}

/** The catalog document of a product. `version` grows with every update (optimistic concurrency). */
export interface Product {
  id: string;
  title: string;
  body: string;
  category: string;
  assets: Asset[];
  variants: Variant[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The descriptive fields an admin edits. */
export interface CatalogFields {
  title: string;
  body: string;
  category: string;
  assets: Asset[];
}

/** A variant to create: its catalog facts plus the price and stock of its new SKU. */
export interface NewVariant {
  name: string;
  attributes: Record<string, string>;
  priceCents: number;
  stock: number;
}

/** A product to create. */
export interface ProductDraft extends CatalogFields {
  variants: NewVariant[];
}

const text = (value: string, field: string, max: number, required: boolean): string => {
  const trimmed = value.trim();
  if (required && trimmed === '') throw invalidField(field, 'must not be empty');
  // Characters as a shopper counts them (code points), as the API document's maxLength does.
  if ([...trimmed].length > max) throw invalidField(field, `must be at most ${max} characters`);
  return trimmed;
};

const asset = (value: Asset, field: string): Asset => {
  const url = text(value.url, `${field}.url`, LIMITS.url, true);
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') throw invalidField(`${field}.url`, 'must be an http(s) URL');
  return { url, alt: text(value.alt, `${field}.alt`, LIMITS.alt, false) };
};

const attributes = (value: Record<string, string>, field: string): Record<string, string> => {
  const entries = Object.entries(value);
  if (entries.length > LIMITS.attributes) throw invalidField(field, `must have at most ${LIMITS.attributes} entries`);
  return Object.fromEntries(
    entries.map(([key, v]) => [
      text(key, `${field}.${key}`, LIMITS.attributeKey, true),
      text(v, `${field}.${key}`, LIMITS.attributeValue, false),
    ]),
  );
};

/** Trims and checks the edited catalog fields that are present; category is stored lower-cased (a slug). */
export const catalogFields = (fields: Partial<CatalogFields>): Partial<CatalogFields> => {
  const result: Partial<CatalogFields> = {};
  if (fields.title !== undefined) result.title = text(fields.title, 'title', LIMITS.title, true);
  if (fields.body !== undefined) result.body = text(fields.body, 'body', LIMITS.body, false);
  if (fields.category !== undefined) result.category = text(fields.category, 'category', LIMITS.category, true).toLowerCase();
  if (fields.assets !== undefined) {
    if (fields.assets.length > LIMITS.assets) throw invalidField('assets', `must have at most ${LIMITS.assets} entries`);
    result.assets = fields.assets.map((a, i) => asset(a, `assets.${i}`));
  }
  return result;
};

/**
 * Checks variants to add next to `existing` ones: names are required and unique within the product (ignoring
 * case), prices and stock valid, the total count bounded. `fieldOf(i)` names the i-th input in errors.
 */
export const newVariants = (inputs: readonly NewVariant[], existing: readonly Variant[], fieldOf: (i: number) => string): NewVariant[] => {
  // 409: the request may be fine on its own (the API caps one request at the same number); with the variants the
  // product already has, it passes the limit.
  if (existing.length + inputs.length > LIMITS.variants)
    throw new AppError('FAILED_PRECONDITION', `a product has at most ${LIMITS.variants} variants`, {
      reason: 'TOO_MANY_VARIANTS',
      httpStatus: 409,
      details: { field: 'variants', existing: existing.length, added: inputs.length },
    });
  const names = new Set(existing.map((v) => v.name.toLowerCase()));
  return inputs.map((input, i) => {
    const field = fieldOf(i);
    const name = text(input.name, `${field}.name`, LIMITS.variantName, true);
    // 409, not 400: each name is valid on its own; it collides with another variant of the product.
    if (names.has(name.toLowerCase()))
      throw new AppError('ALREADY_EXISTS', `variant "${name}" already exists`, {
        reason: 'VARIANT_NAME_TAKEN',
        details: { field: `${field}.name` },
      });
    names.add(name.toLowerCase());
    return {
      name,
      attributes: attributes(input.attributes, `${field}.attributes`),
      priceCents: priceCents(input.priceCents, `${field}.price_cents`),
      stock: initialStock(input.stock, `${field}.stock`),
    };
  });
};

/** Checks a whole product to create: every catalog field and at least one variant. */
export const productDraft = (draft: ProductDraft): ProductDraft => {
  const fields = catalogFields(draft) as CatalogFields;
  if (draft.variants.length === 0) throw invalidField('variants', 'a product needs at least one variant');
  return { ...fields, variants: newVariants(draft.variants, [], (i) => `variants.${i}`) };
};
