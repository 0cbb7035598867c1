import { api } from '../e2e/support/api.js';
import type { Random } from './workload.js';

/** A SKU the bench orders, with the price the catalog holds for it. */
export interface BenchSku {
  skuId: string;
  priceCents: number;
}

// The bench's products carry their own category, so that they can be found and removed again: FerretDB scans
// the whole products collection for a SKU lookup (a product-cache miss), so every product a run leaves behind
// would make the next run's checkouts and cart reads slower (measured: 71 ms per lookup at 175 products).
const CATEGORY = 'bench';

/**
 * Creates `products` × `variantsPerProduct` SKUs through the admin API, each with `stock` units and a price of
 * 1.00–9.99 drawn from `random`: small enough that a funded wallet lasts every run, varied like a real catalog.
 */
export const createCatalog = async (
  adminToken: string,
  options: { products: number; variantsPerProduct: number; stock: number; random: Random; label: string },
): Promise<BenchSku[]> => {
  const skus: BenchSku[] = [];
  for (let p = 0; p < options.products; p++) {
    const variants = Array.from({ length: options.variantsPerProduct }, (_, v) => ({
      name: `variant ${v}`,
      price_cents: 100 + Math.floor(options.random() * 900),
      stock: options.stock,
    }));
    const res = await api('POST', '/api/v1/product', {
      token: adminToken,
      body: { title: `${options.label} ${p + 1}`, body: 'made by make bench', category: CATEGORY, variants },
    });
    if (res.status !== 201) throw new Error(`creating a product failed: ${res.status} ${JSON.stringify(res.body)}`);
    for (const variant of res.body.data.variants as Array<{ sku_id: string; price_cents: number }>)
      skus.push({ skuId: variant.sku_id, priceCents: variant.price_cents });
  }
  return skus;
};

/** Deletes every product of the bench's category (this run's, or what an interrupted run left); returns how many. */
export const deleteBenchProducts = async (adminToken: string): Promise<number> => {
  let deleted = 0;
  for (;;) {
    const page = await api('GET', `/api/v1/product?category=${CATEGORY}&page_size=100`);
    if (page.status !== 200) throw new Error(`listing bench products failed: ${page.status} ${JSON.stringify(page.body)}`);
    const ids = (page.body.data as Array<{ id: string }>).map((product) => product.id);
    if (ids.length === 0) return deleted;
    for (const id of ids) {
      const res = await api('DELETE', `/api/v1/product/${id}`, { token: adminToken });
      if (res.status >= 300) throw new Error(`deleting product ${id} failed: ${res.status} ${JSON.stringify(res.body)}`);
      deleted += 1;
    }
  }
};
