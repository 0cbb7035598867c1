import type { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import type { GrpcClient } from '@micro-ecommerce/pkg/grpc';
import type { ProductCatalog, SkuSnapshot } from '../../../app/ports.js';
import { asUnavailable } from './unavailable.js';

/** ProductCatalog over product.v1.ProductService.GetSkuProperties: an idempotent read, retried within its deadline. */
export const createProductCatalog = (client: GrpcClient<ProductServiceClient>, options: { deadlineMs: number }): ProductCatalog => ({
  async snapshot(skuIds) {
    const response = await client
      .call('getSkuProperties', { skuIds: [...skuIds] }, { deadlineMs: options.deadlineMs, retry: true })
      .catch(asUnavailable('product'));
    const found = new Map<string, SkuSnapshot>();
    for (const item of response.items)
      found.set(item.skuId, { skuId: item.skuId, title: item.title, priceCents: item.priceCents, purchasable: item.purchasable });
    return found;
  },
});
