import { z } from '@hono/zod-openapi';
import { pageQuery } from '@micro-ecommerce/pkg/http';
import { NOTIFICATION_KINDS, type Notification } from '../../../domain/notification.js';

/** page_size's upper bound comes from the config, so the query schema is built at start. */
export const notificationListQuery = (maxPageSize: number) => pageQuery(maxPageSize);

export const notificationIdParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z
      .enum(NOTIFICATION_KINDS)
      .openapi({ description: "STAFF_ORDER_PAID goes to every staff account; the others to the order's customer." }),
    order_id: z.string(),
    subject: z.string(),
    body: z.string(),
    created_at: z.iso.datetime(),
    read_at: z.iso.datetime().nullable().openapi({ description: 'When it was first marked read; null while unread.' }),
  })
  .openapi('Notification');

export const notificationResponse = z.object({ data: notificationSchema }).openapi('NotificationResponse');

export const notificationListResponse = z
  .object({
    data: z.array(notificationSchema),
    page: z.object({ page: z.number().int(), page_size: z.number().int(), total: z.number().int(), total_pages: z.number().int() }),
    unread_count: z.number().int().nonnegative().openapi({ description: 'Unread notifications of the caller, on every page.' }),
  })
  .openapi('NotificationList');

export const readAllResponse = z
  .object({ data: z.object({ marked: z.number().int().nonnegative().openapi({ description: 'How many were unread.' }) }) })
  .openapi('NotificationsReadAll');

/** The public JSON form of a notification. */
export const toNotificationJson = (n: Notification): z.infer<typeof notificationSchema> => ({
  id: n.id,
  kind: n.kind,
  order_id: n.orderId,
  subject: n.subject,
  body: n.body,
  created_at: n.createdAt.toISOString(),
  read_at: n.readAt?.toISOString() ?? null,
});
