import { AppError } from '@micro-ecommerce/pkg/errors';
import { normaliseEmail } from '../domain/email.js';
import type {
  AccessToken,
  CustomerRepository,
  LoginLimit,
  LoginRefusalCounter,
  PasswordHasher,
  RateLimiter,
  TokenIssuer,
} from './ports.js';

export interface LogInCommand {
  email: string;
  password: string;
  /** The caller's address, for the per-IP limit. */
  clientIp: string;
}

export interface LoginLimits {
  windowSeconds: number;
  maxPerEmail: number;
  maxPerIp: number;
}

export interface LogInDeps {
  repository: CustomerRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  refusals: LoginRefusalCounter;
  issueToken: TokenIssuer;
  limits: LoginLimits;
}

const limitOf = (emailBlocked: boolean, ipBlocked: boolean): LoginLimit =>
  emailBlocked && ipBlocked ? 'email_and_ip' : emailBlocked ? 'email' : 'ip';

const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'wrong email or password', { reason: 'INVALID_CREDENTIALS' });

/**
 * Checks email and password and issues an access token. Every attempt is counted per email and per client IP
 * before the password is checked, so a burst of parallel guesses cannot slip past the limit; a successful login
 * gives its attempt back, so only failures (and attempts in flight) use up the allowance.
 */
export const makeLogIn = (deps: LogInDeps) => {
  // Unknown emails are checked against this hash of a random secret, so that they cost the same argon2 time as
  // known ones and response times do not reveal which emails have accounts.
  const dummyHash = deps.hasher.hash(crypto.randomUUID());
  dummyHash.catch(() => undefined);
  const { windowSeconds, maxPerEmail, maxPerIp } = deps.limits;

  return async (command: LogInCommand): Promise<AccessToken> => {
    const email = normaliseEmail(command.email);
    const buckets = [
      { bucket: `login:email:${email}`, rule: { limit: maxPerEmail, windowSeconds } },
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
    return deps.issueToken({ customerId: account.id, role: account.role });
  };
};

export type LogIn = ReturnType<typeof makeLogIn>;
