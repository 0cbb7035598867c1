import { ObjectId, type Db, type Filter } from 'mongodb';
import type { CatalogRepository } from '../../../app/ports.js';
import { fromDocument, objectIdOf, toDocument, type ProductDocument } from './product-document.js';

/** The MongoDB collection of catalog documents. */
export const PRODUCTS_COLLECTION = 'products';

const SUMMARY_PROJECTION = { title: 1, assets: 1, variants: 1 } as const;

const CATALOG_INDEXES = [
  { name: 'category_created_at', key: { category: 1, created_at: -1 } },
  { name: 'variants_sku_id', key: { 'variants.sku_id': 1 } },
] as const;

// MongoDB's "namespace not found": the collection does not exist yet, so it has no indexes either.
const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates the indexes catalog reads rely on (listing by category, finding the document of a SKU) that are
 * missing. Only the missing ones, one at a time: the local FerretDB drops the connection on a createIndexes
 * of several indexes that already exist.
 */
export const ensureCatalogIndexes = async (db: Db): Promise<void> => {
  const products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  const existing = await products
    .listIndexes()
    .toArray()
    .catch((error: { code?: number }) => {
      if (error.code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    });
  const names = new Set(existing.map((index) => index.name as string));
  for (const index of CATALOG_INDEXES) if (!names.has(index.name)) await products.createIndex(index.key, { name: index.name });
};

/** CatalogRepository over the `products` collection of `db`. */
export const createCatalogRepository = (db: Db): CatalogRepository => {
  const products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  return {
    newProductId: () => new ObjectId().toHexString(),

    insert: async (product) => {
      await products.insertOne(toDocument(product));
    },

    findById: async (id) => {
      const _id = objectIdOf(id);
      const doc = _id === undefined ? null : await products.findOne({ _id });
      return doc === null ? undefined : fromDocument(doc);
    },

    // One `_id` equality per product, in parallel: FerretDB (SQLite) answers that from its primary key in ~5 ms,
    // while `_id: {$in}` or `variants.sku_id` scan every document (~50 ms with 300 products, growing with them).
    findSummariesByIds: async (productIds) => {
      const ids = productIds.map(objectIdOf).filter((id) => id !== undefined);
      const found = await Promise.all(ids.map((_id) => products.findOne({ _id }, { projection: SUMMARY_PROJECTION })));
      const docs = found.filter((doc) => doc !== null);
      return docs.map((doc) => ({
        id: doc._id.toHexString(),
        title: doc.title,
        assets: doc.assets ?? [],
        variants: (doc.variants ?? []).map((v) => ({ skuId: v.sku_id, name: v.name, attributes: v.attributes ?? {} })),
      }));
    },

    search: async ({ category, pattern, skip, limit }) => {
      const filter: Filter<ProductDocument> = {};
      if (category !== undefined) filter.category = category;
      // The pattern is escaped by the domain: user input only ever matches literally.
      if (pattern !== undefined) filter.search = { $regex: pattern, $options: 'i' };
      const [docs, total] = await Promise.all([
        products.find(filter).sort({ created_at: -1, _id: -1 }).skip(skip).limit(limit).toArray(),
        products.countDocuments(filter),
      ]);
      return { items: docs.map(fromDocument), total };
    },

    update: async (product, expectedVersion) => {
      const { _id, created_at: _created, ...fields } = toDocument(product);
      const result = await products.updateOne({ _id, version: expectedVersion }, { $set: fields });
      return result.matchedCount === 1;
    },

    delete: async (id) => {
      const _id = objectIdOf(id);
      if (_id === undefined) return false;
      return (await products.deleteOne({ _id })).deletedCount === 1;
    },
  };
};
