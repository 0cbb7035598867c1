import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import { FakeRateLimiter } from '../../test/fakes/fake-rate-limiter.js';
import type { Email } from '../domain/email.js';
import { makeLogIn } from './log-in.js';
import type { LoginLimit } from './ports.js';

const limits = { windowSeconds: 60, maxPerIp: 5, maxPerAccountAndIp: 3, maxBackoffSeconds: 900 };
let repository: FakeCustomerRepository;
let hasher: FakePasswordHasher;
let rateLimiter: FakeRateLimiter;
let logIn: ReturnType<typeof makeLogIn>;
let customerId: string;
let refused: LoginLimit[];

beforeEach(async () => {
  repository = new FakeCustomerRepository();
  hasher = new FakePasswordHasher();
  rateLimiter = new FakeRateLimiter();
  // The session a login starts is the sessions use case's business (sessions.ts); here only who it is for.
  const sessions = {
    start: async (account: { id: string; role: string; tokenVersion: number }) => ({
      accessToken: `token-for:${account.id}:${account.role}:${account.tokenVersion}`,
      expiresIn: 900,
      refreshToken: 'refresh',
      refreshExpiresIn: 600,
    }),
  };
  refused = [];
  const refusals = { count: (limit: LoginLimit) => refused.push(limit) };
  logIn = makeLogIn({ repository, hasher, rateLimiter, refusals, sessions, limits });
  customerId = (
    await repository.create({ email: 'ada@example.com' as Email, passwordHash: 'hashed:correct horse', name: '', role: 'customer' })
  ).id;
});

const attempt = (email: string, password: string, clientIp = '10.0.0.1') => logIn({ email, password, clientIp });

describe('logIn', () => {
  it('starts a session for the customer id, role and token version, whatever the email case', async () => {
    expect(await attempt(' ADA@example.com ', 'correct horse')).toMatchObject({
      accessToken: `token-for:${customerId}:customer:0`,
      refreshToken: 'refresh',
    });
  });

  it('answers the same INVALID_CREDENTIALS for a wrong password and an unknown email', async () => {
    const wrongPassword = await attempt('ada@example.com', 'wrong password').catch((e: unknown) => e);
    const unknownEmail = await attempt('nobody@example.com', 'correct horse').catch((e: unknown) => e);
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toMatchObject({ kind: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS', message: 'wrong email or password' });
    }
  });

  it('spends a password verification on an unknown email too', async () => {
    await attempt('nobody@example.com', 'guess one').catch(() => undefined);
    expect(hasher.verified).toHaveLength(1);
    // The dummy hash is of a random secret, so no password can match it.
    expect(hasher.verified[0]?.hash).toMatch(/^hashed:[0-9a-f-]{36}$/);
  });

  it('blocks one address guessing at one account after maxPerAccountAndIp failures, and says when to retry', async () => {
    for (let i = 0; i < limits.maxPerAccountAndIp; i++) await expect(attempt('ada@example.com', `guess ${i}`)).rejects.toThrow();
    const verificationsBefore = hasher.verified.length;
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({
      kind: 'RESOURCE_EXHAUSTED',
      reason: 'TOO_MANY_ATTEMPTS',
      details: { retry_after_seconds: 42 },
    });
    // A blocked attempt does not even cost a verification.
    expect(hasher.verified.length).toBe(verificationsBefore);
    expect(refused).toEqual(['account_ip']);
    expect(rateLimiter.rules.get('login:account-ip:ada@example.com|10.0.0.1')).toMatchObject({ maxBackoffSeconds: 900 });
  });

  it('never locks the owner out: failures from other addresses leave the owner’s own address free', async () => {
    for (let i = 0; i < 50; i++) await expect(attempt('ada@example.com', `guess ${i}`, `10.0.${i}.9`)).rejects.toThrow();
    expect(await attempt('ada@example.com', 'correct horse', '192.0.2.1')).toMatchObject({ expiresIn: 900 });
  });

  it('blocks a client address after maxPerIp failures across different accounts', async () => {
    for (let i = 0; i < limits.maxPerIp; i++)
      await expect(attempt(`user${i}@example.com`, 'guess')).rejects.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    expect(await attempt('ada@example.com', 'correct horse', '10.0.0.2')).toMatchObject({ expiresIn: 900 });
    expect(refused).toEqual(['ip']);
  });

  it('counts a refusal by both limits once, naming both', async () => {
    for (let i = 0; i < limits.maxPerAccountAndIp; i++) await expect(attempt('ada@example.com', `guess ${i}`)).rejects.toThrow();
    for (let i = limits.maxPerAccountAndIp; i < limits.maxPerIp; i++)
      await expect(attempt(`user${i}@example.com`, 'guess')).rejects.toThrow();
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    expect(refused).toEqual(['account_ip_and_ip']);
  });

  it('does not count successful logins against the limit', async () => {
    for (let i = 0; i < limits.maxPerAccountAndIp * 3; i++) await attempt('ada@example.com', 'correct horse');
    expect(rateLimiter.counts.get('login:account-ip:ada@example.com|10.0.0.1')).toBe(0);
    expect(rateLimiter.counts.get('login:ip:10.0.0.1')).toBe(0);
  });

  it('counts the account limit on the normalised email', async () => {
    for (const email of ['Ada@example.com', ' ada@EXAMPLE.com', 'ADA@example.com'])
      await expect(attempt(email, 'wrong password')).rejects.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
  });
});
