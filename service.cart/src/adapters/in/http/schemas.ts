import { z } from '@hono/zod-openapi';

// Request and response shapes of the public cart API (DESIGN.md §4): snake_case keys, integer cents.

const skuId = z.string().trim().min(1).max(128).openapi({ example: '7f9c2ba4-e88f-4d1a-9c5e-3b2a1d0e9f11' });
// Upper bound only against absurd values; the per-line limit from the config is enforced by the domain.
const quantity = z.number().int().positive().max(1_000_000).openapi({ example: 2 });

export const addItemBody = z.strictObject({ sku_id: skuId, quantity }).openapi('AddCartItem');

export const setQuantityBody = z.strictObject({ quantity }).openapi('SetCartItemQuantity');

export const skuIdParams = z.object({
  skuId: skuId.openapi({ param: { name: 'skuId', in: 'path' } }),
});

const cartItem = z
  .object({
    sku_id: z.string(),
    quantity: z.number().int(),
    title: z.string().nullable().openapi({ description: 'null when product no longer knows the SKU' }),
    variant_name: z.string().nullable(),
    price_cents: z.number().int().nullable().openapi({ description: 'unit price in cents' }),
    available: z.number().int().openapi({ description: 'units product can still sell' }),
    valid: z.boolean().openapi({ description: 'whether the line can be checked out as it is' }),
    invalid_reason: z.enum(['SKU_NOT_FOUND', 'NOT_PURCHASABLE', 'INSUFFICIENT_STOCK']).optional(),
  })
  .openapi('CartItem');

export const cartResponse = z
  .object({
    data: z.object({
      items: z.array(cartItem),
      total_cents: z.number().int().openapi({ description: 'price × quantity summed over valid lines' }),
      item_count: z.number().int().openapi({ description: 'units over all lines' }),
    }),
  })
  .openapi('CartResponse');

export const cartLineResponse = z
  .object({
    data: z.object({
      sku_id: z.string(),
      quantity: z.number().int().openapi({ description: 'units of the SKU in the cart now' }),
      available: z.number().int(),
    }),
  })
  .openapi('CartLineResponse');

export const errorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
    request_id: z.string().optional(),
  })
  .openapi('Error');
