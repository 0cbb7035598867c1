import type { ProductCatalog } from '../../src/app/ports.js';
import type { SkuFacts } from '../../src/domain/cart-view.js';

/** A SKU as the fake catalog knows it. */
export type FakeSku = SkuFacts;

/** A ProductCatalog in memory that records every call, so tests can count batched reads. */
export class FakeProductCatalog implements ProductCatalog {
  readonly skus = new Map<string, FakeSku>();
  readonly calls: { method: 'skuFacts' | 'skuStock'; skuIds: string[] }[] = [];
  /** When set, every call rejects with it (e.g. product unavailable). */
  failure: Error | null = null;

  /** Adds or replaces a SKU; unspecified facts get plain defaults. */
  put(skuId: string, sku: Partial<FakeSku> = {}): this {
    this.skus.set(skuId, { title: `Title ${skuId}`, variantName: 'Default', priceCents: 1000n, purchasable: true, available: 10, ...sku });
    return this;
  }

  async skuFacts(skuIds: readonly string[]) {
    this.calls.push({ method: 'skuFacts', skuIds: [...skuIds] });
    if (this.failure !== null) throw this.failure;
    const facts = new Map<string, SkuFacts>();
    for (const id of skuIds) {
      const sku = this.skus.get(id);
      if (sku !== undefined) facts.set(id, sku);
    }
    return facts;
  }

  async skuStock(skuIds: readonly string[]) {
    this.calls.push({ method: 'skuStock', skuIds: [...skuIds] });
    if (this.failure !== null) throw this.failure;
    const stock = new Map<string, number>();
    for (const id of skuIds) {
      const sku = this.skus.get(id);
      if (sku !== undefined) stock.set(id, sku.available);
    }
    return stock;
  }
}
