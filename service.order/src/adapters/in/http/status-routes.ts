import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { assertRole, type AuthEnv } from '@micro-ecommerce/pkg/auth';
import { bearerAuth, failure, jsonBody, jsonContent as json } from '@micro-ecommerce/pkg/http';
import type { MiddlewareHandler } from 'hono';
import type { ChangeOrderStatus } from '../../../app/change-order-status.js';
import type { OrderAction } from '../../../domain/order-status.js';
import { orderJson } from './order-json.js';
import { cancelBody, orderIdParams, orderResponse } from './schemas.js';
import { viewerOf } from './viewer.js';

const BASE = '/api/v1/order';
const UNAUTHENTICATED = failure('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED');
const CONFLICT = failure('ORDER_STATUS_CONFLICT: the order is not in a status this allows (error.details.status is the current one)');
const UNAVAILABLE = failure('the event broker is unavailable: nothing changed, try again');

// 403 before the order is even read: a customer learns nothing about other orders from these routes.
const staffOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  assertRole(c.var.principal, 'staff');
  await next();
};

// The cancel body is optional: none at all is fine, but a body that is sent must be JSON (415 / 400 otherwise).
const optionalJsonBody: MiddlewareHandler = async (c, next) => {
  const hasBody =
    c.req.header('content-type') !== undefined ||
    (c.req.header('content-length') ?? '0') !== '0' ||
    c.req.header('transfer-encoding') !== undefined;
  return hasBody ? jsonBody()(c, next) : next();
};

const FULFILMENT: { action: Exclude<OrderAction, 'cancel'>; from: string; to: string }[] = [
  { action: 'accept', from: 'PAID', to: 'ACCEPTED' },
  { action: 'ship', from: 'ACCEPTED', to: 'SHIPPED' },
  { action: 'deliver', from: 'SHIPPED', to: 'DELIVERED' },
];

const fulfilmentRoute = ({ action, from, to }: (typeof FULFILMENT)[number]) =>
  createRoute({
    method: 'post',
    path: `${BASE}/{id}/${action}`,
    summary: `Staff: ${from} → ${to} (publishes Order${to.charAt(0)}${to.slice(1).toLowerCase()})`,
    security: bearerAuth,
    middleware: [staffOnly],
    request: { params: orderIdParams },
    responses: {
      200: json(orderResponse, `the order, ${to}`),
      401: UNAUTHENTICATED,
      403: failure('FORBIDDEN: staff or admin role required'),
      404: failure('ORDER_NOT_FOUND'),
      409: CONFLICT,
      503: UNAVAILABLE,
    },
  });

const cancelRoute = createRoute({
  method: 'post',
  path: `${BASE}/{id}/cancel`,
  summary: 'Cancels a PAID or ACCEPTED order (its customer, or staff with a reason); REFUNDED once payment and product confirm',
  security: bearerAuth,
  middleware: [optionalJsonBody],
  request: { params: orderIdParams, body: { ...json(cancelBody, 'optional: {reason}'), required: false } },
  responses: {
    200: json(orderResponse, 'the order, CANCELLED (cancelled_by customer or staff; refund in progress)'),
    400: failure('INVALID_ARGUMENT (error.details.fields names the bad field) or MALFORMED_JSON'),
    401: UNAUTHENTICATED,
    404: failure("ORDER_NOT_FOUND (also another customer's order)"),
    409: CONFLICT,
    415: failure('UNSUPPORTED_MEDIA_TYPE: a body was sent that is not application/json'),
    422: failure('REASON_REQUIRED: staff must give a reason (error.details.fields names reason)'),
    503: UNAVAILABLE,
  },
});

/** POST /order/{id}/accept | ship | deliver (staff) and /cancel (the order's customer, or staff). */
export const mountStatusRoutes = (app: OpenAPIHono<AuthEnv>, changeOrderStatus: ChangeOrderStatus): void => {
  for (const step of FULFILMENT) {
    app.openapi(fulfilmentRoute(step), async (c) => {
      const order = await changeOrderStatus({
        viewer: viewerOf(c.var.principal),
        orderId: c.req.valid('param').id,
        action: step.action,
        reason: null,
      });
      return c.json({ data: orderJson(order) }, 200);
    });
  }

  app.openapi(cancelRoute, async (c) => {
    const order = await changeOrderStatus({
      viewer: viewerOf(c.var.principal),
      orderId: c.req.valid('param').id,
      action: 'cancel',
      reason: c.req.valid('json').reason ?? null,
    });
    return c.json({ data: orderJson(order) }, 200);
  });
};
