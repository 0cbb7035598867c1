import { AppError } from '@micro-ecommerce/pkg/errors';
import { normaliseEmail } from '../domain/email.js';
import type { CustomerRepository, LoginLimit, LoginRefusalCounter, PasswordHasher, RateLimiter, Session } from './ports.js';
import type { Sessions } from './sessions.js';

export interface LogInCommand {
  email: string;
  password: string;
  /** The caller's address, for the per-IP limit. */
  clientIp: string;
}

export interface LoginLimits {
  windowSeconds: number;
  /** Failed attempts per window from one address, whatever the accounts. */
  maxPerIp: number;
  /** Failed attempts per window at one account from one address; past it the wait doubles with each attempt. */
  maxPerAccountAndIp: number;
  /** The longest that doubling makes an address wait for one account. */
  maxBackoffSeconds: number;
}

export interface LogInDeps {
  repository: CustomerRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  refusals: LoginRefusalCounter;
  sessions: Pick<Sessions, 'start'>;
  limits: LoginLimits;
}

const limitOf = (accountBlocked: boolean, ipBlocked: boolean): LoginLimit =>
  accountBlocked && ipBlocked ? 'account_ip_and_ip' : accountBlocked ? 'account_ip' : 'ip';

const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'wrong email or password', { reason: 'INVALID_CREDENTIALS' });

/**
 * Checks email and password and starts a session (access and refresh token). Every attempt is counted per client address and per
 * account and address before the password is checked, so a burst of parallel guesses cannot slip past the limit; a
 * successful login gives its attempts back, so only failures (and attempts in flight) use up the allowance. There
 * is deliberately no limit per account alone: anyone could spend it and lock the owner out. An address guessing at
 * one account waits twice as long with each further attempt (up to maxBackoffSeconds); the owner, from their own
 * address, is never held up by it.
 */
export const makeLogIn = (deps: LogInDeps) => {
  // Unknown emails are checked against this hash of a random secret, so that they cost the same argon2 time as
  // known ones and response times do not reveal which emails have accounts.
  const dummyHash = deps.hasher.hash(crypto.randomUUID());
  dummyHash.catch(() => undefined);
  const { windowSeconds, maxPerIp, maxPerAccountAndIp, maxBackoffSeconds } = deps.limits;

  return async (command: LogInCommand): Promise<Session> => {
    const email = normaliseEmail(command.email);
    const buckets = [
      { bucket: `login:account-ip:${email}|${command.clientIp}`, rule: { limit: maxPerAccountAndIp, windowSeconds, maxBackoffSeconds } },
      { bucket: `login:ip:${command.clientIp}`, rule: { limit: maxPerIp, windowSeconds } },
    ];
    const decisions = await Promise.all(buckets.map(({ bucket, rule }) => deps.rateLimiter.hit(bucket, rule)));
    const blocked = decisions.filter((decision) => !decision.allowed);
    if (blocked.length > 0) {
      deps.refusals.count(limitOf(!decisions[0]!.allowed, !decisions[1]!.allowed));
      const retryAfterSeconds = Math.max(...blocked.map((decision) => decision.retryAfterSeconds));
      throw new AppError('RESOURCE_EXHAUSTED', `too many login attempts; try again in ${retryAfterSeconds} s`, {
        reason: 'TOO_MANY_ATTEMPTS',
        details: { retry_after_seconds: retryAfterSeconds },
      });
    }

    const account = await deps.repository.findByEmail(email);
    const matches = await deps.hasher.verify(account?.passwordHash ?? (await dummyHash), command.password);
    if (account === null || !matches) throw invalidCredentials();

    await Promise.all(buckets.map(({ bucket }) => deps.rateLimiter.refund(bucket)));
    return deps.sessions.start(account);
  };
};

export type LogIn = ReturnType<typeof makeLogIn>;
