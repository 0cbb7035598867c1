import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import { FakeRateLimiter } from '../../test/fakes/fake-rate-limiter.js';
import type { Email } from '../domain/email.js';
import { makeLogIn } from './log-in.js';
import type { LoginLimit } from './ports.js';

const limits = { windowSeconds: 60, maxPerEmail: 3, maxPerIp: 5 };
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
  const issueToken = async (principal: { customerId: string; role: string }) => ({
    accessToken: `token-for:${principal.customerId}:${principal.role}`,
    expiresIn: 900,
  });
  refused = [];
  const refusals = { count: (limit: LoginLimit) => refused.push(limit) };
  logIn = makeLogIn({ repository, hasher, rateLimiter, refusals, issueToken, limits });
  customerId = (
    await repository.create({ email: 'ada@example.com' as Email, passwordHash: 'hashed:correct horse', name: '', role: 'customer' })
  ).id;
});

const attempt = (email: string, password: string, clientIp = '10.0.0.1') => logIn({ email, password, clientIp });

describe('logIn', () => {
  it('issues a token carrying the customer id and role, whatever the email case', async () => {
    expect(await attempt(' ADA@example.com ', 'correct horse')).toEqual({
      accessToken: `token-for:${customerId}:customer`,
      expiresIn: 900,
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

  it('blocks an email after maxPerEmail failures, even with the right password, and says when to retry', async () => {
    for (let i = 0; i < limits.maxPerEmail; i++) await expect(attempt('ada@example.com', `guess ${i}`, `10.0.0.${i}`)).rejects.toThrow();
    const verificationsBefore = hasher.verified.length;
    await expect(attempt('ada@example.com', 'correct horse', '10.9.9.9')).rejects.toMatchObject({
      kind: 'RESOURCE_EXHAUSTED',
      reason: 'TOO_MANY_ATTEMPTS',
      details: { retry_after_seconds: 42 },
    });
    // A blocked attempt does not even cost a verification.
    expect(hasher.verified.length).toBe(verificationsBefore);
    expect(refused).toEqual(['email']);
  });

  it('blocks a client IP after maxPerIp failures across different emails', async () => {
    for (let i = 0; i < limits.maxPerIp; i++)
      await expect(attempt(`user${i}@example.com`, 'guess')).rejects.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    expect(await attempt('ada@example.com', 'correct horse', '10.0.0.2')).toMatchObject({ expiresIn: 900 });
    expect(refused).toEqual(['ip']);
  });

  it('counts a refusal by both limits once, naming both', async () => {
    for (let i = 0; i < limits.maxPerEmail; i++) await expect(attempt('ada@example.com', `guess ${i}`)).rejects.toThrow();
    for (let i = limits.maxPerEmail; i < limits.maxPerIp; i++) await expect(attempt(`user${i}@example.com`, 'guess')).rejects.toThrow();
    await expect(attempt('ada@example.com', 'correct horse')).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    expect(refused).toEqual(['email_and_ip']);
  });

  it('does not count successful logins against the limit', async () => {
    for (let i = 0; i < limits.maxPerEmail * 3; i++) await attempt('ada@example.com', 'correct horse');
    expect(rateLimiter.counts.get('login:email:ada@example.com')).toBe(0);
    expect(rateLimiter.counts.get('login:ip:10.0.0.1')).toBe(0);
  });

  it('counts the email limit on the normalised email', async () => {
    for (const email of ['Ada@example.com', ' ada@EXAMPLE.com', 'ADA@example.com'])
      await expect(attempt(email, 'wrong password', crypto.randomUUID())).rejects.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    await expect(attempt('ada@example.com', 'correct horse', crypto.randomUUID())).rejects.toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
  });
});
