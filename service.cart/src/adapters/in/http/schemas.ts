import { z } from '@hono/zod-openapi';
import { textField } from '@micro-ecommerce/pkg/http';

// Request and response shapes of the public cart API (DESIGN.md §4): snake_case keys, integer cents.

const skuId = textField({ min: 1, max: 128, notBlank: true, trim: true }).openapi({ example: '7f9c2ba4-e88f-4d1a-9c5e-3b2a1d0e9f11' });

/**
 * The bodies, with the configured per-line limit as the documented maximum (the domain enforces it again for the
 * line's total: adding to a line past it is 409 QUANTITY_LIMIT_EXCEEDED).
 */
export const cartBodies = (maxQuantityPerLine: number) => {
  const quantity = z.number().int().positive().max(maxQuantityPerLine).openapi({ example: 2 });
  return {
    addItemBody: z.strictObject({ sku_id: skuId, quantity }).openapi('AddCartItem'),
    setQuantityBody: z.strictObject({ quantity }).openapi('SetCartItemQuantity'),
  };
};

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
