import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationSender, OutgoingNotification } from '../../../app/ports.js';
import type { CustomerSection } from '../../../config.js';
import { mailMessage } from './mail-message.js';

/** How long an SMTP connection, greeting or command may take before the send fails (and is retried later). */
const SMTP_TIMEOUT_MS = 10_000;

/** The NotificationSender of a real deployment: an SMTP relay (services.customer.mail.smtp). */
export class SmtpSender implements NotificationSender {
  private readonly transport: Transporter;

  constructor(
    smtp: CustomerSection['mail']['smtp'],
    private readonly from: string,
  ) {
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user === '' ? {} : { auth: { user: smtp.user, pass: smtp.password } }),
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(notification: OutgoingNotification): Promise<void> {
    await this.transport.sendMail(mailMessage(notification, this.from));
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
