import type { NotificationSender } from '../../../app/ports.js';
import type { CustomerSection } from '../../../config.js';
import { EmlFileSender } from './eml-file-sender.js';
import { SmtpSender } from './smtp-sender.js';

/** SMTP when services.customer.mail.smtp.host is set, else .eml files under mail.dir. */
export const createNotificationSender = (mail: CustomerSection['mail']): NotificationSender =>
  mail.smtp.host === '' ? new EmlFileSender(mail.dir, mail.from) : new SmtpSender(mail.smtp, mail.from);
