import { createRoute } from '@hono/zod-openapi';
import { bearerAuth, failure as error, jsonBodyRoute, jsonContent as json } from '@micro-ecommerce/pkg/http';
import {
  AdjustStockBody,
  CreateProductBody,
  ListProductsQuery,
  ProductIdParams,
  ProductListResponse,
  ProductResponse,
  SkuIdParams,
  SkuStockResponse,
  StockHistoryQuery,
  StockHistoryResponse,
  UpdateProductBody,
} from './schemas.js';

const adminErrors = {
  400: error('Invalid input (INVALID_ARGUMENT; error.details.fields names every bad field) or MALFORMED_JSON'),
  401: error('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED'),
  403: error('FORBIDDEN: not an admin'),
} as const;
const admin = bearerAuth;
// A write with a JSON body: its middleware answers 415 and MALFORMED_JSON, the app's body limit 413
// (services.product.catalog_body_bytes).
const withBody = jsonBodyRoute;
const create = withBody(CreateProductBody, 'The product and its variants');
const update = withBody(UpdateProductBody, 'The fields to change (at least one)');
const adjust = withBody(AdjustStockBody, 'The new count or the change, and why');

/** POST /api/v1/product (admin). */
export const createProductRoute = createRoute({
  method: 'post',
  path: '/api/v1/product',
  tags: ['admin'],
  summary: 'Create a product with its variants (admin)',
  security: admin,
  middleware: create.middleware,
  request: { body: create.body },
  responses: {
    201: json(ProductResponse, 'The product, with the new SKU ids'),
    ...adminErrors,
    ...create.failures,
    409: error('VARIANT_NAME_TAKEN: two variants share a name (names are compared ignoring case)'),
  },
});

/** GET /api/v1/product/{id} (public). */
export const getProductRoute = createRoute({
  method: 'get',
  path: '/api/v1/product/{id}',
  summary: 'A product with each variant’s price and available stock',
  request: { params: ProductIdParams },
  responses: { 200: json(ProductResponse, 'The product'), 400: error('Malformed id'), 404: error('No such product') },
});

/** GET /api/v1/product (public). */
export const listProductsRoute = createRoute({
  method: 'get',
  path: '/api/v1/product',
  summary: 'List products, newest first, by category and text query',
  request: { query: ListProductsQuery },
  responses: { 200: json(ProductListResponse, 'One page of products'), 400: error('Invalid query') },
});

/** PUT /api/v1/product/{id} (admin). */
export const updateProductRoute = createRoute({
  method: 'put',
  path: '/api/v1/product/{id}',
  tags: ['admin'],
  summary: 'Edit catalog fields, reprice existing SKUs, add variants (admin)',
  security: admin,
  middleware: update.middleware,
  request: { params: ProductIdParams, body: update.body },
  responses: {
    200: json(ProductResponse, 'The updated product'),
    ...adminErrors,
    ...update.failures,
    404: error('No such product'),
    422: error('SKU_NOT_FOUND: a sku_id that is not one of the product’s SKUs'),
    409: error(
      'VARIANT_NAME_TAKEN (a new variant’s name is taken), TOO_MANY_VARIANTS (with the existing ones, more than 100), or CONCURRENT_UPDATE: changed concurrently, retry',
    ),
  },
});

/** DELETE /api/v1/product/{id} (admin). */
export const deleteProductRoute = createRoute({
  method: 'delete',
  path: '/api/v1/product/{id}',
  tags: ['admin'],
  summary: 'Delete a product; its SKUs become unknown to carts and stock reads (admin)',
  security: admin,
  request: { params: ProductIdParams },
  responses: { 204: { description: 'Deleted' }, ...adminErrors, 404: error('No such product') },
});

/** PUT /api/v1/product/sku/{skuId}/stock (admin). */
export const adjustStockRoute = createRoute({
  method: 'put',
  path: '/api/v1/product/sku/{skuId}/stock',
  tags: ['admin'],
  summary: 'Set or change a SKU’s available units, recording the reason (admin)',
  security: admin,
  middleware: adjust.middleware,
  request: { params: SkuIdParams, body: adjust.body },
  responses: {
    200: json(SkuStockResponse, 'The SKU’s counts after the change'),
    ...adminErrors,
    ...adjust.failures,
    404: error('No such SKU'),
    409: error('STOCK_BELOW_ZERO: the change would leave fewer than 0 available units'),
  },
});

/** GET /api/v1/product/sku/{skuId}/stock/history (admin). */
export const stockHistoryRoute = createRoute({
  method: 'get',
  path: '/api/v1/product/sku/{skuId}/stock/history',
  tags: ['admin'],
  summary: 'A SKU’s stock ledger, newest first: adjustments and returns of cancelled paid orders (admin)',
  security: admin,
  request: { params: SkuIdParams, query: StockHistoryQuery },
  responses: {
    200: json(StockHistoryResponse, 'One page of the ledger (a deleted SKU keeps its history)'),
    ...adminErrors,
    404: error('SKU_NOT_FOUND: no SKU ever had this id'),
  },
});
