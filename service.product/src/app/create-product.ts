import { productDraft, type Product, type ProductDraft } from '../domain/product.js';
import { productView, type ProductView } from '../domain/product-view.js';
import type { CatalogRepository, Clock, SkuRepository, SkuViewFeed } from './ports.js';

/** What creating a product needs. */
export interface CreateProductDeps {
  catalog: CatalogRepository;
  skus: SkuRepository;
  clock: Clock;
  skuViews: SkuViewFeed;
}

/**
 * Creates a product: SKU rows first (PostgreSQL), the catalog document last (MongoDB). The document is what
 * makes a product and its SKUs visible, so a crash between the two writes leaves only SKU rows that no
 * document lists: nobody can see, price or buy them (GetSkuProperties reports them not found).
 */
export const makeCreateProduct =
  ({ catalog, skus, clock, skuViews }: CreateProductDeps) =>
  async (draft: ProductDraft): Promise<ProductView> => {
    const checked = productDraft(draft);
    const id = catalog.newProductId();
    const rows = await skus.create(
      id,
      checked.variants.map((v) => ({ priceCents: v.priceCents, stock: v.stock })),
    );
    const now = clock.now();
    const product: Product = {
      id,
      title: checked.title,
      body: checked.body,
      category: checked.category,
      assets: checked.assets,
      variants: checked.variants.map((v, i) => ({ skuId: rows[i]!.id, name: v.name, attributes: v.attributes })),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await catalog.insert(product);
    } catch (error) {
      // A failed insert may still have landed (e.g. a timeout after the write): take the document down first and
      // retire the SKU rows only once it is surely gone, never the other way round. If this clean-up fails too,
      // the rows stay as invisible orphans; the original error is what the caller needs to see.
      await catalog
        .delete(id)
        .then(() => skus.deleteByProduct(id))
        .catch(() => undefined);
      throw error;
    }
    // New SKUs: a cart that looked one up before the document landed holds "not found" until told otherwise.
    skuViews.skuViewsChanged(rows.map((row) => row.id));
    return productView(product, rows);
  };
