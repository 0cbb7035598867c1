import type { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { asTargetUnavailable, type GrpcClient } from '@micro-ecommerce/pkg/grpc';
import { withSpan } from '@micro-ecommerce/pkg/telemetry';
import { SpanKind } from '@opentelemetry/api';
import type { ProductCatalog } from '../../../app/ports.js';
import type { SkuFacts } from '../../../domain/cart-view.js';

export interface ProductCatalogOptions {
  /** Budget of one call, retries included. */
  deadlineMs: number;
}

// The cart answers 503 whenever product is unreachable, slow or failing (or its circuit is open): a partial cart
// would show prices and validity nobody checked. SKUs in the read model never get here.
const unavailable = (error: unknown): unknown => asTargetUnavailable(error, 'the product catalog is unavailable, try again shortly');

/** ProductCatalog over product.v1.ProductService: batched, idempotent reads with a deadline and retries. */
export const createProductCatalog = (client: GrpcClient<ProductServiceClient>, options: ProductCatalogOptions): ProductCatalog => {
  // Each attempt gets at most half the budget, so a hung replica still leaves room for a second try.
  const callOptions = { deadlineMs: options.deadlineMs, retry: true, attemptTimeoutMs: Math.ceil(options.deadlineMs / 2) };
  const traced = <T>(method: string, skuIds: readonly string[], run: () => Promise<T>): Promise<T> =>
    withSpan(
      `product.v1.ProductService/${method}`,
      () =>
        run().catch((error: unknown) => {
          throw unavailable(error);
        }),
      { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'cart.sku_count': skuIds.length } },
    );
  return {
    async skuFacts(skuIds) {
      const response = await traced('GetSkuProperties', skuIds, () =>
        client.call('getSkuProperties', { skuIds: [...skuIds] }, callOptions),
      );
      const facts = new Map<string, SkuFacts>();
      for (const item of response.items) {
        facts.set(item.skuId, {
          title: item.title,
          variantName: item.variantName,
          priceCents: item.priceCents,
          purchasable: item.purchasable,
          available: item.available,
        });
      }
      return facts;
    },

    async skuStock(skuIds) {
      const response = await traced('GetSkuStock', skuIds, () => client.call('getSkuStock', { skuIds: [...skuIds] }, callOptions));
      const stock = new Map<string, number>();
      for (const item of response.items) stock.set(item.skuId, item.available);
      return stock;
    },
  };
};
