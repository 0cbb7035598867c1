import { z } from '@hono/zod-openapi';
import { pageQuery, textField } from '@micro-ecommerce/pkg/http';
import { ORDER_STATUSES } from '../../../domain/order.js';

// Request and response shapes of the public order API (DESIGN.md §4): snake_case keys, integer cents.

const uuid = z.uuid();
const checkoutItem = z.strictObject({
  sku_id: uuid.openapi({ example: '7f9c2ba4-e88f-4d1a-9c5e-3b2a1d0e9f11' }),
  // product's stock counts are int32: larger quantities could never be reserved anyway.
  quantity: z.number().int().positive().max(100_000).openapi({ example: 2 }),
});

export const checkoutBody = z
  .strictObject({
    items: z.array(checkoutItem).min(1).max(100).optional().openapi({ description: 'the lines to buy (or from_cart)' }),
    from_cart: z.boolean().optional().openapi({ description: "true: buy the caller's cart as it is" }),
  })
  .superRefine((body, ctx) => {
    const fromCart = body.from_cart === true;
    if (fromCart === (body.items !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [fromCart ? 'from_cart' : 'items'],
        message: 'give exactly one of items or from_cart: true',
      });
  })
  // The refinement above, for the document: exactly one of `items` and `from_cart: true`.
  .openapi('Checkout', {
    oneOf: [{ required: ['items'] }, { required: ['from_cart'], properties: { from_cart: { const: true } } }],
  });

export const checkoutHeaders = z.object({
  'idempotency-key': textField({ min: 1, max: 200, notBlank: true, trim: true })
    .optional()
    .openapi({ description: 'Idempotency-Key: the same key returns the same order, never a second one' }),
});

export const orderIdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

/** page_size's upper bound comes from the config, so the query schema is built at start. */
export const listQuery = (maxPageSize: number) =>
  pageQuery(maxPageSize).extend({
    status: z.enum(ORDER_STATUSES).optional().openapi({ description: 'only orders in this status' }),
    scope: z
      .enum(['mine', 'all'])
      .default('mine')
      .openapi({ description: "mine: the caller's orders; all: every customer's (staff and admin only, else 403)" }),
  });

/** POST /order/{id}/cancel: optional body; staff must give a reason. */
export const cancelBody = z
  .strictObject({
    reason: textField({ min: 1, max: 500, notBlank: true, trim: true })
      .optional()
      .openapi({ description: 'why; optional for the customer, required from staff', example: 'customer called: wrong size' }),
  })
  .openapi('CancelOrder');

/** Last-Event-ID: resume a live stream after the history row with this seq (the `id:` of the last event received). */
export const eventStreamHeaders = z.object({
  'last-event-id': z.string().optional().openapi({ description: 'the id of the last event received: the stream resumes after it' }),
});

export const order = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    status: z.enum(ORDER_STATUSES),
    cancel_reason: z.string().nullable().openapi({
      description: "OUT_OF_STOCK, INSUFFICIENT_FUNDS, TIMEOUT... (checkout) or the canceller's reason, when CANCELLED / REFUNDED",
    }),
    cancelled_by: z.enum(['checkout', 'customer', 'staff']).nullable(),
    refund: z
      .object({
        refund_issued: z.boolean(),
        stock_returned: z.boolean(),
        refund_issued_at: z.string().nullable(),
        stock_returned_at: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'only for an order cancelled after payment: REFUNDED once both are confirmed' }),
    total_cents: z.number().int(),
    items: z.array(z.object({ sku_id: z.string(), title: z.string(), quantity: z.number().int(), unit_price_cents: z.number().int() })),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Order');

export const orderResponse = z.object({ data: order }).openapi('OrderResponse');

export const orderListResponse = z
  .object({
    data: z.array(order),
    page: z.object({ page: z.number().int(), page_size: z.number().int(), total: z.number().int(), total_pages: z.number().int() }),
  })
  .openapi('OrderList');
