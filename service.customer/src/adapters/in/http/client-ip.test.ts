import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.js';

const app = new Hono().get('/', (c) => c.text(clientIp(c)));
const ipFor = async (headers: Record<string, string>, env?: object) => (await app.request('/', { headers }, env)).text();

describe('clientIp', () => {
  it('takes the last X-Forwarded-For entry, trimmed: earlier ones are client-supplied', async () => {
    expect(await ipFor({ 'x-forwarded-for': ' 203.0.113.7 , 10.0.0.1 ' })).toBe('10.0.0.1');
    expect(await ipFor({ 'x-forwarded-for': '198.51.100.4' })).toBe('198.51.100.4');
  });

  it('falls back to the socket address, then to "unknown"', async () => {
    expect(await ipFor({}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })).toBe('127.0.0.1');
    expect(await ipFor({})).toBe('unknown');
  });
});
