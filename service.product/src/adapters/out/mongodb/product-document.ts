import { ObjectId } from 'mongodb';
import type { Product } from '../../../domain/product.js';
import { searchTextOf } from '../../../domain/search.js';

/** How a product is stored in the `products` collection (snake_case, like the public API). */
export interface ProductDocument {
  _id: ObjectId;
  title: string;
  body: string;
  category: string;
  assets: { url: string; alt: string }[];
  variants: { sku_id: string; name: string; attributes: Record<string, string> }[];
  /** searchTextOf(title, body, category): the one field text search runs on (there is no $text here). */
  search: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The ObjectId of a product id, or undefined when the id cannot be one. */
export const objectIdOf = (id: string): ObjectId | undefined => (OBJECT_ID.test(id) ? new ObjectId(id) : undefined);

/** The stored form of a product. */
export const toDocument = (product: Product): ProductDocument => ({
  _id: new ObjectId(product.id),
  title: product.title,
  body: product.body,
  category: product.category,
  assets: product.assets.map((a) => ({ url: a.url, alt: a.alt })),
  variants: product.variants.map((v) => ({ sku_id: v.skuId, name: v.name, attributes: v.attributes })),
  search: searchTextOf(product),
  version: product.version,
  created_at: product.createdAt,
  updated_at: product.updatedAt,
});

/** The product a stored document describes. */
export const fromDocument = (doc: ProductDocument): Product => ({
  id: doc._id.toHexString(),
  title: doc.title,
  body: doc.body,
  category: doc.category,
  assets: doc.assets ?? [],
  variants: (doc.variants ?? []).map((v) => ({ skuId: v.sku_id, name: v.name, attributes: v.attributes ?? {} })),
  version: doc.version,
  createdAt: doc.created_at,
  updatedAt: doc.updated_at,
});
