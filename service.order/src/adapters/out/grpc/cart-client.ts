import type { CartServiceClient } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import type { GrpcClient } from '@micro-ecommerce/pkg/grpc';
import type { CartReader } from '../../../app/ports.js';
import { asUnavailable } from './unavailable.js';

/** CartReader over cart.v1.CartService.GetCart: an idempotent read, retried within its deadline. */
export const createCartReader = (client: GrpcClient<CartServiceClient>, options: { deadlineMs: number }): CartReader => ({
  async items(customerId) {
    const response = await client
      .call('getCart', { customerId }, { deadlineMs: options.deadlineMs, retry: true })
      .catch(asUnavailable('cart'));
    return response.items.map((item) => ({ skuId: item.skuId, quantity: item.quantity }));
  },
});
