import type { SendMailOptions } from 'nodemailer';
import type { OutgoingNotification } from '../../../app/ports.js';

/**
 * The e-mail of a notification, the same for every transport. Message-ID is derived from the notification id, so
 * a message sent again after a crash is recognisably the same one; Date is when the notification was written.
 */
export const mailMessage = (notification: OutgoingNotification, from: string): SendMailOptions => ({
  from,
  to: notification.to,
  subject: notification.subject,
  text: notification.body,
  date: notification.createdAt,
  messageId: `<${notification.id}@notifications.micro-ecommerce>`,
  headers: { 'X-Notification-Kind': notification.kind, 'X-Order-Id': notification.orderId },
});
