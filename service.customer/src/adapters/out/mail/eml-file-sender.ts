import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { NotificationSender, OutgoingNotification } from '../../../app/ports.js';
import { mailMessage } from './mail-message.js';

/**
 * `<created_at>-<notification id>.eml`: names sort by time, and a notification sent again after a crash overwrites
 * its own file instead of adding a second one. Colons are left out so the name is valid on every filesystem.
 */
export const emlFileName = (notification: Pick<OutgoingNotification, 'id' | 'createdAt'>): string =>
  `${notification.createdAt.toISOString().replace(/:/g, '-')}-${notification.id}.eml`;

/**
 * The local NotificationSender: writes each message as an RFC 5322 file under `dir` that any mail client opens.
 * nodemailer's stream transport builds the MIME message (encoded headers, CRLF lines) without sending it.
 */
export class EmlFileSender implements NotificationSender {
  private readonly transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  // Created once per process, not per message (a syscall per send showed in the profile); a directory removed
  // while the service runs is created again on the next failed write.
  private directory: Promise<unknown> | undefined;

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const { message } = await this.transport.sendMail(mailMessage(notification, this.from));
    this.directory ??= mkdir(this.dir, { recursive: true });
    await this.directory;
    const file = join(this.dir, emlFileName(notification));
    // Written aside and renamed: a reader (or a crash) never sees half a message under the final name.
    const partial = `${file}.partial`;
    try {
      await writeFile(partial, message as Buffer);
    } catch (error) {
      this.directory = undefined;
      throw error;
    }
    await rename(partial, file);
  }
}
