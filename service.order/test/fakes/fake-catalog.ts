import type { CartReader, ProductCatalog, SkuSnapshot } from '../../src/app/ports.js';
import type { RequestedItem } from '../../src/domain/order.js';

/** An in-memory product catalog: the SKUs a test put. */
export class FakeCatalog implements ProductCatalog {
  readonly skus = new Map<string, SkuSnapshot>();

  put(sku: Partial<SkuSnapshot> & { skuId: string }): void {
    this.skus.set(sku.skuId, { title: `SKU ${sku.skuId.slice(0, 8)}`, priceCents: 1000n, purchasable: true, ...sku });
  }

  async snapshot(skuIds: readonly string[]): Promise<Map<string, SkuSnapshot>> {
    return new Map(skuIds.filter((id) => this.skus.has(id)).map((id) => [id, this.skus.get(id)!]));
  }
}

/** In-memory carts by customer id. */
export class FakeCart implements CartReader {
  readonly carts = new Map<string, RequestedItem[]>();

  async items(customerId: string): Promise<RequestedItem[]> {
    return this.carts.get(customerId) ?? [];
  }
}
