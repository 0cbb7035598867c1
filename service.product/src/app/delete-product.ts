import type { CatalogRepository, SkuRepository, SkuViewFeed } from './ports.js';
import { productNotFound } from './product-not-found.js';

/**
 * Deletes a product: the catalog document first (the product disappears at once), then its SKU rows are marked
 * deleted so stock reads and carts see them gone. A crash in between leaves live rows no document lists,
 * which are invisible; deleting the same id again finishes the job (204 while rows remained, then 404).
 */
export const makeDeleteProduct =
  ({ catalog, skus, skuViews }: { catalog: CatalogRepository; skus: SkuRepository; skuViews: SkuViewFeed }) =>
  async (id: string): Promise<void> => {
    const removed = await catalog.delete(id);
    const retired = await skus.deleteByProduct(id);
    skuViews.skuViewsChanged(retired);
    if (!removed && retired.length === 0) throw productNotFound(id);
  };
