import { AppError } from '@micro-ecommerce/pkg/errors';
import { applyProductUpdate, planProductUpdate, type ProductChanges } from '../domain/product-update.js';
import { productView, type ProductView } from '../domain/product-view.js';
import type { Product, Variant } from '../domain/product.js';
import type { CatalogRepository, Clock, SkuRepository, SkuViewFeed } from './ports.js';
import { productNotFound } from './product-not-found.js';

/** What updating a product needs. */
export interface UpdateProductDeps {
  catalog: CatalogRepository;
  skus: SkuRepository;
  clock: Clock;
  skuViews: SkuViewFeed;
}

// A concurrent admin edit of the same document makes the versioned write miss; re-reading and re-applying a
// few times is enough for humans editing a catalog.
const MAX_ATTEMPTS = 3;

/**
 * Updates a product. Same write order as creation: new prices and new SKU rows commit in PostgreSQL first,
 * then the document (with the new variants) is written, guarded by its version. A crash in between leaves the
 * new prices in force (the price lives on the row) and the new rows unlisted, hence invisible. If the document
 * disappears or keeps changing underneath, the new rows are retired and the call fails.
 */
export const makeUpdateProduct =
  ({ catalog, skus, clock, skuViews }: UpdateProductDeps) =>
  async (id: string, changes: ProductChanges): Promise<ProductView> => {
    let product: Product | undefined = await catalog.findById(id);
    if (product === undefined) throw productNotFound(id);
    const plan = planProductUpdate(product, changes);
    const rows = await skus.change(
      id,
      plan.prices,
      plan.added.map((v) => ({ priceCents: v.priceCents, stock: v.stock })),
    );
    const added: Variant[] = plan.added.map((v, i) => ({ skuId: rows[i]!.id, name: v.name, attributes: v.attributes }));

    for (let attempt = 1; product !== undefined && attempt <= MAX_ATTEMPTS; attempt += 1) {
      const next = applyProductUpdate(product, plan.fields, added, clock.now());
      if (await catalog.update(next, product.version)) {
        const rows = await skus.findByProducts([id]);
        // Any field a cart shows may have changed (title, a price), and added variants are new: every SKU of it.
        skuViews.skuViewsChanged(rows.map((row) => row.id));
        return productView(next, rows);
      }
      product = await catalog.findById(id);
    }
    if (added.length > 0) await skus.deleteByIds(added.map((v) => v.skuId));
    // The new prices committed before the document write failed: they are in force.
    if (plan.prices.length > 0) skuViews.skuViewsChanged(plan.prices.map((p) => p.skuId));
    if (product === undefined) throw productNotFound(id);
    throw new AppError('ABORTED', `product ${id} is being changed concurrently; try again`, {
      reason: 'CONCURRENT_UPDATE',
      httpStatus: 409,
    });
  };
