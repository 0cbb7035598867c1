import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEml } from '../../../../test/eml.js';
import type { OutgoingNotification } from '../../../app/ports.js';
import { EmlFileSender, emlFileName } from './eml-file-sender.js';

// The local sender against the real filesystem (a fresh temporary directory per test).
const notification = (fields: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
  id: crypto.randomUUID(),
  to: 'ada@example.com',
  kind: 'ORDER_SHIPPED',
  orderId: '1a2b3c4d-0000-4000-8000-000000000001',
  subject: 'Order 1a2b3c4d has shipped',
  body: 'Order 1a2b3c4d-0000-4000-8000-000000000001 is on its way.',
  createdAt: new Date('2026-03-04T05:06:07.089Z'),
  ...fields,
});
const root = mkdtempSync(join(tmpdir(), 'eml-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `mail-${(dirs += 1)}`);

describe('EmlFileSender', () => {
  it('writes an RFC 5322 message named <created_at>-<id>.eml, creating the directory', async () => {
    const dir = freshDir();
    const sent = notification();
    await new EmlFileSender(dir, 'shop <no-reply@shop.test>').send(sent);
    expect(readdirSync(dir)).toEqual([`2026-03-04T05-06-07.089Z-${sent.id}.eml`]);
    const raw = readFileSync(join(dir, emlFileName(sent)), 'utf8');
    expect(raw).toContain('\r\n');
    const { headers, body } = parseEml(raw);
    expect(headers).toMatchObject({
      from: 'shop <no-reply@shop.test>',
      to: 'ada@example.com',
      subject: 'Order 1a2b3c4d has shipped',
      'message-id': `<${sent.id}@notifications.micro-ecommerce>`,
      'mime-version': '1.0',
      'x-notification-kind': 'ORDER_SHIPPED',
      'x-order-id': sent.orderId,
    });
    expect(new Date(headers.date!).toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(body).toContain('is on its way.');
  });

  it('names files so that they sort by time', () => {
    const earlier = emlFileName(notification({ id: 'ffff', createdAt: new Date('2026-03-04T05:06:07.089Z') }));
    const later = emlFileName(notification({ id: '0000', createdAt: new Date('2026-03-04T05:06:07.090Z') }));
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('encodes a non-ASCII subject and overwrites its own file when sent again', async () => {
    const dir = freshDir();
    const sent = notification({ subject: 'Commande expédiée' });
    const sender = new EmlFileSender(dir, 'shop <no-reply@shop.test>');
    await sender.send(sent);
    await sender.send(sent);
    expect(readdirSync(dir)).toHaveLength(1);
    const { headers } = parseEml(readFileSync(join(dir, emlFileName(sent)), 'utf8'));
    expect(headers.subject).toMatch(/^=\?UTF-8\?[QB]\?/);
  });
});
