import { makeAdjustStock } from './adjust-stock.js';
import { makeCreateProduct } from './create-product.js';
import { makeDeleteProduct } from './delete-product.js';
import { makeGetProduct } from './get-product.js';
import { makeGetSkuProperties } from './get-sku-properties.js';
import { makeGetSkuStock } from './get-sku-stock.js';
import { makeGetStockHistory } from './get-stock-history.js';
import { makeListProducts } from './list-products.js';
import type { CatalogRepository, Clock, SkuRepository, SkuViewFeed } from './ports.js';
import { makeUpdateProduct } from './update-product.js';

/** The ports and settings every use case is built from. */
export interface ProductUseCaseDeps {
  catalog: CatalogRepository;
  skus: SkuRepository;
  clock: Clock;
  /** ISO 4217 code of every catalog price. */
  currency: string;
  /** Told which SKUs' cart-visible facts may have changed (the cart's read model). */
  skuViews: SkuViewFeed;
}

/** Every use case of the service, wired to the same ports; what the HTTP and gRPC adapters call. */
export const makeProductUseCases = (deps: ProductUseCaseDeps) => ({
  createProduct: makeCreateProduct(deps),
  getProduct: makeGetProduct(deps),
  listProducts: makeListProducts(deps),
  updateProduct: makeUpdateProduct(deps),
  deleteProduct: makeDeleteProduct(deps),
  adjustStock: makeAdjustStock(deps),
  getStockHistory: makeGetStockHistory(deps),
  getSkuStock: makeGetSkuStock(deps),
  getSkuProperties: makeGetSkuProperties(deps),
});

/** The use cases, as the adapters see them. */
export type ProductUseCases = ReturnType<typeof makeProductUseCases>;
