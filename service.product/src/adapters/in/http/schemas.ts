import { z } from '@hono/zod-openapi';
import { textField, textFieldDocument, type TextLimits } from '@micro-ecommerce/pkg/http';
import { MAX_PAGE, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../../domain/pagination.js';
import { MAX_PRICE_CENTS } from '../../../domain/money.js';
import { LIMITS } from '../../../domain/product.js';
import { MAX_QUERY_LENGTH } from '../../../domain/search.js';
import { MAX_REASON_LENGTH, MAX_STOCK } from '../../../domain/stock.js';

// Request bodies are strict: a misspelt key is a 400 naming it, not silently ignored.

const cents = z.int().min(0).max(MAX_PRICE_CENTS).openapi({ description: 'Integer minor units of currency (cents)', example: 1999 });
const stock = z.int().min(0).max(MAX_STOCK).openapi({ description: 'Units', example: 10 });
// A name a shopper reads: one line with at least one visible character, stored trimmed.
const label = (max: number) => textField({ min: 1, max, notBlank: true, singleLine: true, trim: true });
// Attribute names become keys of the MongoDB document: no '.' (a path separator) or '$' (an operator).
const attributeName: TextLimits = { min: 1, max: LIMITS.attributeKey, notBlank: true, singleLine: true, alsoForbidden: '.$' };
const attributes = z.record(textField(attributeName), textField({ max: LIMITS.attributeValue, singleLine: true })).openapi({
  example: { color: 'blue', size: '42' },
  maxProperties: LIMITS.attributes,
  // JSON Schema 2020-12 (OpenAPI 3.1); the metadata type knows only OpenAPI 3.0's keywords.
  ...({ propertyNames: textFieldDocument(attributeName) } as object),
});

const HOST = '(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*';
const URI_REST = "(?:[A-Za-z0-9._~!$&'()*+,;=:@/?#-]|%[0-9A-Fa-f]{2})*";
const ASSET_URL = new RegExp(`^[Hh][Tt][Tt][Pp][Ss]?://${HOST}(?::[0-9]{1,4})?(?:[/?#]${URI_REST})?$`);

/** An image of a product; alt text defaults to empty. */
export const AssetSchema = z
  .strictObject({
    // http(s) with a host name (no user info, IP literal or odd port), as the domain and browsers accept; the
    // pattern documents it (a bare `format: uri` would promise "HTTP://" or "http://1.2.3.999").
    url: z
      .url({ protocol: /^https?$/ })
      .regex(ASSET_URL)
      .max(LIMITS.url),
    alt: textField({ max: LIMITS.alt, singleLine: true }).default(''),
  })
  .openapi('Asset');

/** A variant to create with its SKU price and initial stock. */
export const NewVariantSchema = z
  .strictObject({
    name: label(LIMITS.variantName).openapi({ example: 'Blue / 42' }),
    attributes: attributes.default({}),
    price_cents: cents,
    stock,
  })
  .openapi('NewVariant');

/** Body of POST /product. */
export const CreateProductBody = z
  .strictObject({
    title: label(LIMITS.title).openapi({ example: 'Trail running shoe' }),
    body: textField({ max: LIMITS.body }),
    category: label(LIMITS.category).openapi({ example: 'shoes' }),
    assets: z.array(AssetSchema).max(LIMITS.assets).default([]),
    variants: z.array(NewVariantSchema).min(1).max(LIMITS.variants),
  })
  .openapi('CreateProduct');

// One shape for both kinds of entry so that a mistake is reported on the exact field, not as "no union matched".
export const VariantChangeSchema = z
  .strictObject({
    sku_id: z.uuid().optional().openapi({ description: 'An existing SKU of this product: reprice it (price_cents only)' }),
    name: label(LIMITS.variantName).optional(),
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
  .openapi('VariantChange', {
    description: 'Either {sku_id, price_cents} (reprice) or {name, attributes?, price_cents, stock} (add)',
    // The refinement above, for the document (`not: {}` matches nothing: the key must be absent).
    oneOf: [
      { required: ['sku_id'], properties: { name: { not: {} }, attributes: { not: {} }, stock: { not: {} } } },
      { required: ['name', 'stock'], properties: { sku_id: { not: {} } } },
    ],
  });

/** Body of PUT /product/:id; at least one field. */
export const UpdateProductBody = z
  .strictObject({
    title: label(LIMITS.title).optional(),
    body: textField({ max: LIMITS.body }).optional(),
    category: label(LIMITS.category).optional(),
    assets: z.array(AssetSchema).max(LIMITS.assets).optional(),
    variants: z.array(VariantChangeSchema).max(LIMITS.variants).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'nothing to update' })
  .openapi('UpdateProduct', { minProperties: 1 });

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
      .openapi({ description: 'Add (or, negative, remove) available units; not 0', not: { const: 0 } }),
    reason: label(MAX_REASON_LENGTH).openapi({ example: 'stock count 2024-11' }),
  })
  .superRefine((body, ctx) => {
    if ((body.available === undefined) === (body.delta === undefined))
      ctx.addIssue({ code: 'custom', path: ['available'], message: 'give exactly one of available or delta' });
  })
  .openapi('AdjustStock', { oneOf: [{ required: ['available'] }, { required: ['delta'] }] });

/** A product id in the path (a MongoDB ObjectId in hex). */
export const ProductIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-fA-F]{24}$/, 'must be a product id (24 hex characters)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '6740f1b2c3d4e5f601234567' }),
});

/** A SKU id in the path (a UUID). */
export const SkuIdParams = z.object({
  skuId: z.uuid().openapi({ param: { name: 'skuId', in: 'path' } }),
});

/** Query of GET /product. */
export const ListProductsQuery = z.object({
  category: textField({ max: LIMITS.category }).optional(),
  q: textField({ max: MAX_QUERY_LENGTH }).optional().openapi({ description: 'Case-insensitive substring of title, body or category' }),
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

/** Query of GET /product/sku/:skuId/stock/history. */
export const StockHistoryQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

const StockLedgerEntrySchema = z
  .object({
    id: z.int(),
    kind: z.enum(['ADJUSTMENT', 'RETURN']).openapi({
      description: 'ADJUSTMENT: an admin change (or the initial stock); RETURN: a cancelled paid order’s units, sold → available',
    }),
    delta: z.int().openapi({ description: 'Change of the SKU’s total units (available + reserved + sold); 0 for a return' }),
    quantity: z.int().nullable().openapi({ description: 'RETURN: units moved from sold back to available; null otherwise' }),
    reason: z.string(),
    order_id: z.string().nullable().openapi({ description: 'RETURN: the cancelled order; null otherwise' }),
    xid: z.string().nullable().openapi({ description: 'RETURN: the checkout’s global transaction id; null otherwise' }),
    created_at: z.string(),
  })
  .openapi('StockLedgerEntry');

/** Answer carrying one page of a SKU's stock history. */
export const StockHistoryResponse = z.object({
  data: z.array(StockLedgerEntrySchema),
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
