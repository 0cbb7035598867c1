import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import type { AddCartItem } from '../../../app/add-cart-item.js';
import type { GetCart } from '../../../app/get-cart.js';
import type { RemoveCartItem } from '../../../app/remove-cart-item.js';
import type { SetCartItemQuantity } from '../../../app/set-cart-item-quantity.js';
import { cartJson } from './cart-json.js';
import {
  bearerAuth,
  failure,
  failureWithRetryAfter,
  jsonBodyRoute,
  jsonContent as json,
  registerBearerAuth,
} from '@micro-ecommerce/pkg/http';
import { cartBodies, cartLineResponse, cartResponse, skuIdParams } from './schemas.js';

export interface CartUseCases {
  getCart: GetCart;
  addCartItem: AddCartItem;
  setCartItemQuantity: SetCartItemQuantity;
  removeCartItem: RemoveCartItem;
}

const BASE = '/api/v1/cart_item';
const security = bearerAuth;
const UNAUTHENTICATED = failure('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED');
const common = {
  401: UNAUTHENTICATED,
  503: failureWithRetryAfter("the product catalog is unavailable (only SKUs missing from the cart's read model need it)"),
};
const BAD_SKU_ID = failure('INVALID_ARGUMENT: skuId is empty, blank or longer than 128 characters');

const getCartRoute = createRoute({
  method: 'get',
  path: BASE,
  summary: "The caller's cart, every line priced and checked against product's current stock",
  security,
  responses: { 200: json(cartResponse, 'the cart (empty when there is none)'), ...common },
});

// The bodies' quantity limit comes from the config, so these two routes are built at start.
const writeRoutes = (maxQuantityPerLine: number) => {
  const { addItemBody, setQuantityBody } = cartBodies(maxQuantityPerLine);
  const added = jsonBodyRoute(addItemBody, 'what to add');
  const quantity = jsonBodyRoute(setQuantityBody, 'the new quantity');
  const addItem = createRoute({
    method: 'post',
    path: BASE,
    summary: 'Adds units of a SKU (creates the line or increases it)',
    security,
    middleware: added.middleware,
    request: { body: added.body },
    responses: {
      201: json(cartLineResponse, 'the line was created'),
      200: json(cartLineResponse, 'an existing line was increased'),
      400: failure('INVALID_ARGUMENT (error.details.fields names every bad field) or MALFORMED_JSON'),
      404: failure('SKU_NOT_FOUND'),
      409: failure('OUT_OF_STOCK, QUANTITY_LIMIT_EXCEEDED (the line would pass the per-line maximum) or CART_FULL'),
      ...added.failures,
      ...common,
    },
  });
  const setQuantity = createRoute({
    method: 'put',
    path: `${BASE}/{skuId}`,
    summary: 'Sets the quantity of a line already in the cart',
    security,
    middleware: quantity.middleware,
    request: { params: skuIdParams, body: quantity.body },
    responses: {
      200: json(cartLineResponse, 'the updated line'),
      400: failure('INVALID_ARGUMENT (error.details.fields names every bad field) or MALFORMED_JSON'),
      404: failure('CART_ITEM_NOT_FOUND or SKU_NOT_FOUND'),
      409: failure('OUT_OF_STOCK'),
      ...quantity.failures,
      ...common,
    },
  });
  return { addItem, setQuantity };
};

const removeItemRoute = createRoute({
  method: 'delete',
  path: `${BASE}/{skuId}`,
  summary: 'Removes a line from the cart',
  security,
  request: { params: skuIdParams },
  responses: { 204: { description: 'removed' }, 400: BAD_SKU_ID, 401: UNAUTHENTICATED, 404: failure('CART_ITEM_NOT_FOUND') },
});

/** Mounts the public cart routes; every one needs a valid access token and acts on the caller's own cart. */
export const mountCartRoutes = (
  app: OpenAPIHono<AuthEnv>,
  useCases: CartUseCases,
  verify: TokenVerifier,
  limits: { maxQuantityPerLine: number },
): void => {
  registerBearerAuth(app);
  // Authentication runs before body validation: an anonymous caller learns nothing about the API's rules.
  // In hono `${BASE}/*` also matches BASE itself, so one registration covers every cart route.
  app.use(`${BASE}/*`, requireAuth(verify));
  const { addItem: addItemRoute, setQuantity: setQuantityRoute } = writeRoutes(limits.maxQuantityPerLine);

  app.openapi(getCartRoute, async (c) => c.json(cartJson(await useCases.getCart(c.var.principal.customerId)), 200));

  app.openapi(addItemRoute, async (c) => {
    const body = c.req.valid('json');
    const added = await useCases.addCartItem({ customerId: c.var.principal.customerId, skuId: body.sku_id, quantity: body.quantity });
    const data = { sku_id: added.skuId, quantity: added.quantity, available: added.available };
    return added.created ? c.json({ data }, 201) : c.json({ data }, 200);
  });

  app.openapi(setQuantityRoute, async (c) => {
    const { skuId } = c.req.valid('param');
    const { quantity } = c.req.valid('json');
    const updated = await useCases.setCartItemQuantity({ customerId: c.var.principal.customerId, skuId, quantity });
    return c.json({ data: { sku_id: updated.skuId, quantity: updated.quantity, available: updated.available } }, 200);
  });

  app.openapi(removeItemRoute, async (c) => {
    await useCases.removeCartItem(c.var.principal.customerId, c.req.valid('param').skuId);
    return c.body(null, 204);
  });

  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'micro-ecommerce cart', version: '1.0.0' } });
};
