import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import type { ChangeOrderStatus } from '../../../app/change-order-status.js';
import type { GetOrder } from '../../../app/get-order.js';
import type { ListOrders } from '../../../app/list-orders.js';
import type { PlaceOrder } from '../../../app/place-order.js';
import {
  bearerAuth,
  failure,
  failureWithRetryAfter,
  jsonBodyRoute,
  jsonContent as json,
  registerBearerAuth,
} from '@micro-ecommerce/pkg/http';
import { orderJson } from './order-json.js';
import { checkoutBody, checkoutHeaders, listQuery, orderIdParams, orderListResponse, orderResponse } from './schemas.js';
import { mountStatusRoutes } from './status-routes.js';
import { viewerOf } from './viewer.js';

export interface OrderUseCases {
  placeOrder: PlaceOrder;
  getOrder: GetOrder;
  listOrders: ListOrders;
  changeOrderStatus: ChangeOrderStatus;
}

const BASE = '/api/v1/order';
const security = bearerAuth;
const UNAUTHENTICATED = failure('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED');

const checkout = jsonBodyRoute(checkoutBody, 'what to buy');
const checkoutRoute = createRoute({
  method: 'post',
  path: BASE,
  summary: 'Checkout: places an order and pays it from the wallet in one TCC global transaction',
  security,
  middleware: checkout.middleware,
  request: { headers: checkoutHeaders, body: checkout.body },
  responses: {
    201: json(orderResponse, 'the order, PAID (also for a replayed Idempotency-Key)'),
    202: json(orderResponse, 'the checkout is finishing in the background; poll GET /order/{id}'),
    400: failure('INVALID_ARGUMENT (error.details.fields names every bad field) or MALFORMED_JSON'),
    401: UNAUTHENTICATED,
    402: failure('INSUFFICIENT_FUNDS (the order exists, CANCELLED)'),
    404: failure('SKU_NOT_FOUND'),
    409: failure('OUT_OF_STOCK (the order exists, CANCELLED), SKU_NOT_PURCHASABLE or CART_EMPTY'),
    503: failureWithRetryAfter(
      'PAYMENT_UNAVAILABLE: payment could not take the debit (down, slow, or its circuit open): nothing was charged, pay again after Retry-After; the order, if one was placed, is CANCELLED (error.details.order_id). UNAVAILABLE: product, cart or stock could not answer',
    ),
    504: failure('TIMEOUT: the checkout missed its deadline and is cancelled'),
    ...checkout.failures,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${BASE}/{id}`,
  summary: "One of the caller's orders (staff and admin: any order)",
  security,
  request: { params: orderIdParams },
  responses: { 200: json(orderResponse, 'the order'), 401: UNAUTHENTICATED, 404: failure('ORDER_NOT_FOUND') },
});

/**
 * Mounts the public order routes (the live stream is mounted by mountOrderEventStream); every one needs a valid
 * access token. Customers act on their own orders; staff (and admin) read every order and fulfil them.
 */
export const mountOrderRoutes = (app: OpenAPIHono<AuthEnv>, useCases: OrderUseCases, verify: TokenVerifier, maxPageSize: number): void => {
  registerBearerAuth(app);
  // In hono `${BASE}/*` also matches BASE itself, so one registration covers every order route.
  app.use(`${BASE}/*`, requireAuth(verify));

  app.openapi(checkoutRoute, async (c) => {
    const body = c.req.valid('json');
    const { order, outcome } = await useCases.placeOrder({
      customerId: c.var.principal.customerId,
      items: body.items?.map((item) => ({ skuId: item.sku_id, quantity: item.quantity })),
      fromCart: body.from_cart === true,
      idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null,
    });
    if (outcome === 'replayed') c.header('Idempotent-Replayed', 'true');
    return outcome === 'pending' ? c.json({ data: orderJson(order) }, 202) : c.json({ data: orderJson(order) }, 201);
  });

  const listRoute = createRoute({
    method: 'get',
    path: BASE,
    summary: "The caller's orders (staff with scope=all: every customer's), newest first, optionally in one status",
    security,
    request: { query: listQuery(maxPageSize) },
    responses: {
      200: json(orderListResponse, 'one page of orders'),
      400: failure('invalid page, page_size, status or scope'),
      401: UNAUTHENTICATED,
      403: failure('FORBIDDEN: scope=all needs the staff role'),
    },
  });
  app.openapi(listRoute, async (c) => {
    const { page, page_size: pageSize, status, scope } = c.req.valid('query');
    const result = await useCases.listOrders({ viewer: viewerOf(c.var.principal), scope, status: status ?? null, page, pageSize });
    return c.json(
      {
        data: result.orders.map(orderJson),
        page: { page, page_size: pageSize, total: result.total, total_pages: Math.ceil(result.total / pageSize) },
      },
      200,
    );
  });

  app.openapi(getRoute, async (c) => {
    const order = await useCases.getOrder(viewerOf(c.var.principal), c.req.valid('param').id);
    return c.json({ data: orderJson(order) }, 200);
  });

  mountStatusRoutes(app, useCases.changeOrderStatus);

  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'micro-ecommerce order', version: '1.0.0' } });
};
