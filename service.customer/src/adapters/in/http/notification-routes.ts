import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { bearerAuth, failure, jsonContent } from '@micro-ecommerce/pkg/http';
import type { NotificationUseCases } from '../../../app/notifications.js';
import {
  notificationIdParams,
  notificationListQuery,
  notificationListResponse,
  notificationResponse,
  readAllResponse,
  toNotificationJson,
} from './notification-schemas.js';

const BASE = '/api/v1/customer/notifications';
const UNAUTHENTICATED = failure('Missing, invalid or expired access token (MISSING_TOKEN, INVALID_TOKEN, TOKEN_EXPIRED).');

const listRoute = (maxPageSize: number) =>
  createRoute({
    method: 'get',
    path: BASE,
    summary: "The caller's notifications, newest first, with the unread count",
    security: bearerAuth,
    request: { query: notificationListQuery(maxPageSize) },
    responses: {
      200: jsonContent(notificationListResponse, 'One page of notifications.'),
      400: failure('Invalid page or page_size (INVALID_ARGUMENT).'),
      401: UNAUTHENTICATED,
    },
  });

const readRoute = createRoute({
  method: 'post',
  path: `${BASE}/{id}/read`,
  summary: "Mark one of the caller's notifications read (idempotent: the first read_at stays)",
  security: bearerAuth,
  request: { params: notificationIdParams },
  responses: {
    200: jsonContent(notificationResponse, 'The notification, read.'),
    401: UNAUTHENTICATED,
    404: failure("No notification of the caller's has this id (NOTIFICATION_NOT_FOUND), whether it exists for someone else or not."),
  },
});

const readAllRoute = createRoute({
  method: 'post',
  path: `${BASE}/read-all`,
  summary: "Mark every unread notification of the caller's read",
  security: bearerAuth,
  responses: { 200: jsonContent(readAllResponse, 'How many were marked.'), 401: UNAUTHENTICATED },
});

/** Mounts the caller's inbox. No business logic here: parse, call the use case, shape the answer. */
export const mountNotificationRoutes = (
  app: OpenAPIHono<AuthEnv>,
  useCases: NotificationUseCases,
  verifyToken: TokenVerifier,
  maxPageSize: number,
): void => {
  // In hono `${BASE}/*` also matches BASE itself, so one registration covers every inbox route.
  app.use(`${BASE}/*`, requireAuth(verifyToken));

  app.openapi(listRoute(maxPageSize), async (c) => {
    const { page, page_size: pageSize } = c.req.valid('query');
    const result = await useCases.listNotifications(c.var.principal.customerId, { page, pageSize });
    return c.json(
      {
        data: result.notifications.map(toNotificationJson),
        page: { page, page_size: pageSize, total: result.total, total_pages: Math.ceil(result.total / pageSize) },
        unread_count: result.unread,
      },
      200,
    );
  });

  // Registered before /{id}/read so that "read-all" is never taken for an id.
  app.openapi(readAllRoute, async (c) => c.json({ data: await useCases.markAllNotificationsRead(c.var.principal.customerId) }, 200));

  app.openapi(readRoute, async (c) => {
    const notification = await useCases.markNotificationRead(c.var.principal.customerId, c.req.valid('param').id);
    return c.json({ data: toNotificationJson(notification) }, 200);
  });
};
