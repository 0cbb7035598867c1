import type { PageInfo } from '../../../domain/pagination.js';
import type { ProductView } from '../../../domain/product-view.js';
import type { Sku } from '../../../domain/sku.js';
import type { StockLedgerEntry } from '../../../domain/stock-ledger.js';
import type { PlannedAdjustment } from '../../../domain/stock.js';

/** The public JSON of a product (snake_case keys, ISO dates). */
export const productJson = (view: ProductView) => ({
  id: view.id,
  title: view.title,
  body: view.body,
  category: view.category,
  assets: view.assets.map((a) => ({ url: a.url, alt: a.alt })),
  variants: view.variants.map((v) => ({
    sku_id: v.skuId,
    name: v.name,
    attributes: v.attributes,
    price_cents: v.priceCents,
    available: v.available,
  })),
  created_at: view.createdAt.toISOString(),
  updated_at: view.updatedAt.toISOString(),
});

/** The `page` object of a list answer. */
export const pageJson = (page: PageInfo) => ({
  page: page.page,
  page_size: page.pageSize,
  total: page.total,
  total_pages: page.totalPages,
});

/** The answer of a stock adjustment: the SKU's counts after it, and what was recorded. */
export const skuStockJson = (sku: Sku, adjustment: PlannedAdjustment, reason: string) => ({
  sku_id: sku.id,
  product_id: sku.productId,
  price_cents: sku.priceCents,
  available: sku.available,
  reserved: sku.reserved,
  sold: sku.sold,
  adjustment: { delta: adjustment.delta, reason },
});

/** One row of a SKU's stock history; the fields of the other kind are null. */
export const stockLedgerEntryJson = (entry: StockLedgerEntry) => ({
  id: entry.id,
  kind: entry.kind,
  delta: entry.delta,
  quantity: entry.kind === 'RETURN' ? entry.quantity : null,
  reason: entry.reason,
  order_id: entry.kind === 'RETURN' ? entry.orderId : null,
  xid: entry.kind === 'RETURN' ? entry.xid : null,
  created_at: entry.createdAt.toISOString(),
});
