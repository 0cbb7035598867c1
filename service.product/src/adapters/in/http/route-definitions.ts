import { createRoute, type z } from '@hono/zod-openapi';
import {
  AdjustStockBody,
  CreateProductBody,
  ErrorResponse,
  ListProductsQuery,
  ProductIdParams,
  ProductListResponse,
  ProductResponse,
  SkuIdParams,
  SkuStockResponse,
  UpdateProductBody,
} from './schemas.js';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const error = (description: string) => json(ErrorResponse, description);
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

const adminErrors = {
  400: error('Invalid input; error.details.fields names every bad field'),
  401: error('Missing, invalid or expired token'),
  403: error('Not an admin'),
} as const;
const admin = [{ bearer: [] }];

/** POST /api/v1/product (admin). */
export const createProductRoute = createRoute({
  method: 'post',
  path: '/api/v1/product',
  tags: ['admin'],
  summary: 'Create a product with its variants (admin)',
  security: admin,
  request: { body: body(CreateProductBody) },
  responses: { 201: json(ProductResponse, 'The product, with the new SKU ids'), ...adminErrors },
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
  request: { params: ProductIdParams, body: body(UpdateProductBody) },
  responses: {
    200: json(ProductResponse, 'The updated product'),
    ...adminErrors,
    404: error('No such product, or a sku_id that is not one of its SKUs'),
    409: error('Changed concurrently; retry'),
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
  request: { params: SkuIdParams, body: body(AdjustStockBody) },
  responses: {
    200: json(SkuStockResponse, 'The SKU’s counts after the change'),
    ...adminErrors,
    404: error('No such SKU'),
    409: error('STOCK_BELOW_ZERO: the change would leave fewer than 0 available units'),
  },
});
