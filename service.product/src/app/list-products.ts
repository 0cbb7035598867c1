import { pageInfo, pageRequest, pageWindow, type PageInfo } from '../domain/pagination.js';
import { productView, type ProductView } from '../domain/product-view.js';
import { searchPattern } from '../domain/search.js';
import type { CatalogRepository, SkuRepository } from './ports.js';

/** A catalog listing request; every field optional. */
export interface ListProductsQuery {
  category?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/**
 * Lists products newest first, filtered by category (exact, case-insensitive) and a text query (a literal,
 * case-insensitive substring of title, body or category). Prices and stock of the whole page come from one
 * SKU query.
 */
export const makeListProducts =
  ({ catalog, skus }: { catalog: CatalogRepository; skus: SkuRepository }) =>
  async (query: ListProductsQuery): Promise<{ items: ProductView[]; page: PageInfo }> => {
    const page = pageRequest(query.page, query.pageSize);
    const category = query.category?.trim().toLowerCase();
    const pattern = searchPattern(query.q);
    const { items, total } = await catalog.search({
      ...(category ? { category } : {}),
      ...(pattern === undefined ? {} : { pattern }),
      ...pageWindow(page),
    });
    const rows = items.length === 0 ? [] : await skus.findByProducts(items.map((p) => p.id));
    return { items: items.map((product) => productView(product, rows)), page: pageInfo(page, total) };
  };
