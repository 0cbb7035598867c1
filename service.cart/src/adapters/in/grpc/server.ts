import type { CartServiceService } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import { validationError } from '@micro-ecommerce/pkg/errors';
import type { AsyncServiceImplementation } from '@micro-ecommerce/pkg/grpc';
import { z } from 'zod';
import type { GetCartLines } from '../../../app/get-cart-lines.js';
import type { RemoveBoughtItems } from '../../../app/remove-bought-items.js';

// Proto3 cannot tell an absent string from an empty one, so empty means missing.
const customerId = z.string().min(1, 'required');

const getCartRequest = z.object({ customerId });

const removeItemsRequest = z.object({
  customerId,
  items: z.array(z.object({ skuId: z.string().min(1, 'required'), quantity: z.number().int().positive() })).max(200),
  operationId: z.string().max(200),
});

const parse = <S extends z.ZodType>(schema: S, request: unknown): z.infer<S> => {
  const result = schema.safeParse(request);
  if (!result.success) throw validationError(result.error, 'request');
  return result.data;
};

/** cart.v1.CartService: raw cart lines for other services; no product calls, no business logic here. */
export const cartGrpcService = (useCases: {
  getCartLines: GetCartLines;
  removeBoughtItems: RemoveBoughtItems;
}): AsyncServiceImplementation<typeof CartServiceService> => ({
  async getCart(request) {
    const { customerId } = parse(getCartRequest, request);
    return { items: await useCases.getCartLines(customerId) };
  },

  async removeItems(request) {
    const valid = parse(removeItemsRequest, request);
    const outcome = await useCases.removeBoughtItems({
      customerId: valid.customerId,
      units: valid.items,
      operationId: valid.operationId === '' ? null : valid.operationId,
    });
    return { items: outcome.lines, applied: outcome.applied };
  },
});
