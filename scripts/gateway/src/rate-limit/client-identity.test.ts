import { createTokenIssuer, createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { throwawaySigningKey } from '@micro-ecommerce/pkg/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { clientAddress, verifiedSubject } from './client-identity.js';

// What @hono/node-server hands a request: the Node request, whose socket has the peer's address.
const fromPeer = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: 'IPv4' } } });

const addressApp = (trusted: string[]) => {
  const app = createHttpApp({ logger: pino({ level: 'silent' }) });
  app.get('/who', (c) => c.text(clientAddress(c, new Set(trusted))));
  return app;
};

const addressOf = async (trusted: string[], peer: string, forwardedFor?: string) =>
  (
    await addressApp(trusted).request(
      '/who',
      { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } },
      fromPeer(peer),
    )
  ).text();

describe('client address', () => {
  it("is the connection's address, whatever X-Forwarded-For claims", async () => {
    expect(await addressOf([], '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(await addressOf(['10.0.0.2'], '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('is the nearest untrusted X-Forwarded-For address when a trusted proxy connects', async () => {
    // The client put a made-up address first; the proxies appended the real one and each other.
    expect(await addressOf(['10.0.0.2', '10.0.0.3'], '10.0.0.2', '1.2.3.4, 198.51.100.1, 10.0.0.3')).toBe('198.51.100.1');
    expect(await addressOf(['10.0.0.2'], '10.0.0.2')).toBe('10.0.0.2');
  });

  it('treats an IPv4 client of a dual-stack socket as its IPv4 address', async () => {
    expect(await addressOf(['10.0.0.2'], '::ffff:10.0.0.2', '198.51.100.1')).toBe('198.51.100.1');
  });
});

describe('token subject', async () => {
  const key = await throwawaySigningKey();
  const auth = { issuer: 'micro-ecommerce', audience: 'micro-ecommerce-api' };
  const issue = createTokenIssuer({ key, ...auth, ttlSeconds: 600 });
  const verify = createTokenVerifier({ keys: { jwks: { keys: [key.publicJwk] } }, ...auth });
  const app = createHttpApp({ logger: pino({ level: 'silent' }) });
  app.get('/sub', async (c) => c.text((await verifiedSubject(c, verify)) ?? '(none)'));
  const subjectWith = async (authorization?: string) =>
    (await app.request('/sub', { headers: authorization === undefined ? {} : { authorization } })).text();

  it('is the sub of a token that verifies', async () => {
    const { accessToken: token } = await issue({ customerId: 'customer-42', role: 'customer' });
    expect(await subjectWith(`Bearer ${token}`)).toBe('customer-42');
  });

  it('is absent without a token, or with a forged or malformed one', async () => {
    const { accessToken: token } = await issue({ customerId: 'customer-42', role: 'customer' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'victim', role: 'customer', ...auth })).toString('base64url')}.${signature}`;
    expect(await subjectWith()).toBe('(none)');
    expect(await subjectWith(`Bearer ${forged}`)).toBe('(none)');
    expect(await subjectWith('Bearer not-a-jwt')).toBe('(none)');
    expect(await subjectWith('Basic dXNlcjpwdw==')).toBe('(none)');
  });
});
