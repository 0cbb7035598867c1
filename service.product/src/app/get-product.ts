import { productView, type ProductView } from '../domain/product-view.js';
import type { CatalogRepository, SkuRepository } from './ports.js';
import { productNotFound } from './product-not-found.js';

/** Reads one product with each variant's price and available stock; 404 when there is none. */
export const makeGetProduct =
  ({ catalog, skus }: { catalog: CatalogRepository; skus: SkuRepository }) =>
  async (id: string): Promise<ProductView> => {
    const product = await catalog.findById(id);
    if (product === undefined) throw productNotFound(id);
    return productView(product, await skus.findByProducts([id]));
  };
