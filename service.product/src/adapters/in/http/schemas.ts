import { z } from '@hono/zod-openapi';
import { MAX_PAGE, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../../domain/pagination.js';
import { LIMITS } from '../../../domain/product.js';
import { MAX_QUERY_LENGTH } from '../../../domain/search.js';
import { MAX_REASON_LENGTH, MAX_STOCK } from '../../../domain/stock.js';

// Request bodies are strict: a misspelt key is a 400 naming it, not silently ignored.

const cents = z.int().min(0).openapi({ description: 'Integer minor units of currency (cents)', example: 1999 });
const stock = z.int().min(0).max(MAX_STOCK).openapi({ description: 'Units', example: 10 });
const attributes = z
  .record(z.string().min(1).max(LIMITS.attributeKey), z.string().max(LIMITS.attributeValue))
  .openapi({ example: { color: 'blue', size: '42' } });

/** An image of a product; alt text defaults to empty. */
export const AssetSchema = z.strictObject({ url: z.url().max(LIMITS.url), alt: z.string().max(LIMITS.alt).default('') }).openapi('Asset');

/** A variant to create with its SKU price and initial stock. */
export const NewVariantSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.variantName).openapi({ example: 'Blue / 42' }),
    attributes: attributes.default({}),
    price_cents: cents,
    stock,
  })
  .openapi('NewVariant');

/** Body of POST /product. */
export const CreateProductBody = z
  .strictObject({
    title: z.string().trim().min(1).max(LIMITS.title).openapi({ example: 'Trail running shoe' }),
    body: z.string().max(LIMITS.body),
    category: z.string().trim().min(1).max(LIMITS.category).openapi({ example: 'shoes' }),
    assets: z.array(AssetSchema).max(LIMITS.assets).default([]),
    variants: z.array(NewVariantSchema).min(1).max(LIMITS.variants),
  })
  .openapi('CreateProduct');

// One shape for both kinds of entry so that a mistake is reported on the exact field, not as "no union matched".
export const VariantChangeSchema = z
  .strictObject({
    sku_id: z.uuid().optional().openapi({ description: 'An existing SKU of this product: reprice it (price_cents only)' }),
    name: z.string().trim().min(1).max(LIMITS.variantName).optional(),
    attributes: attributes.optional(),
    price_cents: cents,
    stock: stock.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.sku_id !== undefined) {
      for (const key of ['name', 'attributes', 'stock'] as const)
        if (v[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'an existing variant can only be repriced (sku_id + price_cents)' });
      return;
    }
    if (v.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required for a new variant' });
    if (v.stock === undefined) ctx.addIssue({ code: 'custom', path: ['stock'], message: 'required for a new variant' });
  })
  .openapi('VariantChange', { description: 'Either {sku_id, price_cents} (reprice) or {name, attributes?, price_cents, stock} (add)' });

/** Body of PUT /product/:id; at least one field. */
export const UpdateProductBody = z
  .strictObject({
    title: z.string().trim().min(1).max(LIMITS.title).optional(),
    body: z.string().max(LIMITS.body).optional(),
    category: z.string().trim().min(1).max(LIMITS.category).optional(),
    assets: z.array(AssetSchema).max(LIMITS.assets).optional(),
    variants: z.array(VariantChangeSchema).max(LIMITS.variants).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'nothing to update' })
  .openapi('UpdateProduct');

/** Body of PUT /product/sku/:skuId/stock: exactly one of available or delta, and a reason. */
export const AdjustStockBody = z
  .strictObject({
    available: z.int().min(0).max(MAX_STOCK).optional().openapi({ description: 'Set the available units to this' }),
    delta: z
      .int()
      .min(-MAX_STOCK)
      .max(MAX_STOCK)
      .refine((d) => d !== 0, 'must not be 0')
      .optional()
      .openapi({ description: 'Add (or, negative, remove) available units' }),
    reason: z.string().trim().min(1).max(MAX_REASON_LENGTH).openapi({ example: 'stock count 2024-11' }),
  })
  .superRefine((body, ctx) => {
    if ((body.available === undefined) === (body.delta === undefined))
      ctx.addIssue({ code: 'custom', path: ['available'], message: 'give exactly one of available or delta' });
  })
  .openapi('AdjustStock');

/** A product id in the path (a MongoDB ObjectId in hex). */
export const ProductIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a product id (24 hex characters)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '6740f1b2c3d4e5f601234567' }),
});

/** A SKU id in the path (a UUID). */
export const SkuIdParams = z.object({
  skuId: z.uuid().openapi({ param: { name: 'skuId', in: 'path' } }),
});

/** Query of GET /product. */
export const ListProductsQuery = z.object({
  category: z.string().max(LIMITS.category).optional(),
  q: z.string().max(MAX_QUERY_LENGTH).optional().openapi({ description: 'Case-insensitive substring of title, body or category' }),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

const VariantViewSchema = z
  .object({ sku_id: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()), price_cents: z.int(), available: z.int() })
  .openapi('Variant');

/** A product as answered. */
export const ProductViewSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    category: z.string(),
    assets: z.array(z.object({ url: z.string(), alt: z.string() })),
    variants: z.array(VariantViewSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Product');

/** Answer carrying one product. */
export const ProductResponse = z.object({ data: ProductViewSchema });

/** Answer carrying one page of products. */
export const ProductListResponse = z.object({
  data: z.array(ProductViewSchema),
  page: z.object({ page: z.int(), page_size: z.int(), total: z.int(), total_pages: z.int() }),
});

/** Answer of a stock adjustment. */
export const SkuStockResponse = z.object({
  data: z
    .object({
      sku_id: z.string(),
      product_id: z.string(),
      price_cents: z.int(),
      available: z.int(),
      reserved: z.int(),
      sold: z.int(),
      adjustment: z.object({ delta: z.int(), reason: z.string() }).openapi({ description: 'What this call recorded (delta 0: no change)' }),
    })
    .openapi('SkuStock'),
});

/** The error envelope every failure answers with. */
export const ErrorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
    request_id: z.string().optional(),
  })
  .openapi('Error');
