import type { AsyncServiceImplementation } from '@micro-ecommerce/pkg/grpc';
import type { ProductServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';
import type { ProductUseCases } from '../../../app/use-cases.js';

/** product.v1.ProductService: batched SKU reads for carts and orders. Translation only; rules live in app/. */
export const productServiceHandlers = (
  useCases: Pick<ProductUseCases, 'getSkuStock' | 'getSkuProperties'>,
): AsyncServiceImplementation<typeof ProductServiceService> => ({
  getSkuStock: async (request) => {
    const { items, notFound } = await useCases.getSkuStock(request.skuIds);
    return { items, notFoundSkuIds: notFound };
  },
  getSkuProperties: async (request) => {
    const { items, notFound } = await useCases.getSkuProperties(request.skuIds);
    return {
      // int64 on the wire: the price goes out as a bigint, exact at any size.
      items: items.map((item) => ({ ...item, priceCents: BigInt(item.priceCents) })),
      notFoundSkuIds: notFound,
    };
  },
});
