import type { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { registerBearerAuth } from '@micro-ecommerce/pkg/http';
import type { z } from 'zod';
import type { ProductUseCases } from '../../../app/use-cases.js';
import type { VariantChange } from '../../../domain/product-update.js';
import { pageJson, productJson, skuStockJson, stockLedgerEntryJson } from './presenters.js';
import {
  adjustStockRoute,
  createProductRoute,
  deleteProductRoute,
  getProductRoute,
  listProductsRoute,
  stockHistoryRoute,
  updateProductRoute,
} from './route-definitions.js';
import type { UpdateProductBody } from './schemas.js';

/** What the routes call: the use cases, and the verifier of admin tokens. */
export interface ProductRoutesOptions {
  useCases: ProductUseCases;
  verifyToken: TokenVerifier;
}

const variantChange = (v: NonNullable<z.infer<typeof UpdateProductBody>['variants']>[number]): VariantChange =>
  v.sku_id !== undefined
    ? { kind: 'price', skuId: v.sku_id, priceCents: v.price_cents }
    : { kind: 'add', name: v.name ?? '', attributes: v.attributes ?? {}, priceCents: v.price_cents, stock: v.stock ?? 0 };

/** Mounts the catalog and stock routes: reads are public, every write needs an admin token. */
export const mountProductRoutes = (app: OpenAPIHono<AuthEnv>, { useCases, verifyToken }: ProductRoutesOptions): void => {
  registerBearerAuth(app);
  // Authentication runs before input validation: an anonymous caller learns nothing about what a valid body is.
  // One pattern only: hono's `/product/*` also matches `/product`, and a second match would read the body twice.
  app.on(['POST', 'PUT', 'DELETE'], '/api/v1/product/*', requireAuth(verifyToken, { role: 'admin' }));
  // The one admin read: the stock ledger tells sales volumes and cancelled orders.
  app.on('GET', '/api/v1/product/sku/:skuId/stock/history', requireAuth(verifyToken, { role: 'admin' }));

  app.openapi(createProductRoute, async (c) => {
    const body = c.req.valid('json');
    const view = await useCases.createProduct({
      title: body.title,
      body: body.body,
      category: body.category,
      assets: body.assets,
      variants: body.variants.map((v) => ({ name: v.name, attributes: v.attributes, priceCents: v.price_cents, stock: v.stock })),
    });
    return c.json({ data: productJson(view) }, 201);
  });

  app.openapi(getProductRoute, async (c) => c.json({ data: productJson(await useCases.getProduct(c.req.valid('param').id)) }, 200));

  app.openapi(listProductsRoute, async (c) => {
    const query = c.req.valid('query');
    const { items, page } = await useCases.listProducts({
      ...(query.category === undefined ? {} : { category: query.category }),
      ...(query.q === undefined ? {} : { q: query.q }),
      page: query.page,
      pageSize: query.page_size,
    });
    return c.json({ data: items.map(productJson), page: pageJson(page) }, 200);
  });

  app.openapi(updateProductRoute, async (c) => {
    const body = c.req.valid('json');
    const view = await useCases.updateProduct(c.req.valid('param').id, {
      ...(body.title === undefined ? {} : { title: body.title }),
      ...(body.body === undefined ? {} : { body: body.body }),
      ...(body.category === undefined ? {} : { category: body.category }),
      ...(body.assets === undefined ? {} : { assets: body.assets }),
      ...(body.variants === undefined ? {} : { variants: body.variants.map(variantChange) }),
    });
    return c.json({ data: productJson(view) }, 200);
  });

  app.openapi(deleteProductRoute, async (c) => {
    await useCases.deleteProduct(c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(adjustStockRoute, async (c) => {
    const body = c.req.valid('json');
    const change =
      body.available !== undefined
        ? { kind: 'set' as const, available: body.available }
        : { kind: 'delta' as const, delta: body.delta ?? 0 };
    const { sku, adjustment } = await useCases.adjustStock({ skuId: c.req.valid('param').skuId, change, reason: body.reason });
    return c.json({ data: skuStockJson(sku, adjustment, body.reason) }, 200);
  });

  app.openapi(stockHistoryRoute, async (c) => {
    const query = c.req.valid('query');
    const { items, page } = await useCases.getStockHistory({
      skuId: c.req.valid('param').skuId,
      page: query.page,
      pageSize: query.page_size,
    });
    return c.json({ data: items.map(stockLedgerEntryJson), page: pageJson(page) }, 200);
  });
};
