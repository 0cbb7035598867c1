import { AppError } from '@micro-ecommerce/pkg/errors';
import { customerNotFound, normaliseName, type Customer } from '../domain/customer.js';
import { parseEmail } from '../domain/email.js';
import { fieldError } from '../domain/field-error.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import type { AccountChanges, CustomerRepository, PasswordHasher, RateLimiter, RateLimitRule } from './ports.js';

export interface UpdateProfileCommand {
  name?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
  /** Required with a new email or password: a stolen access token alone cannot take the account over. */
  current_password?: string | undefined;
}

export interface UpdateProfileDeps {
  repository: CustomerRepository;
  hasher: PasswordHasher;
  rateLimiter: RateLimiter;
  /** Wrong current passwords allowed per account (the login's per account-and-address rule, with its backoff). */
  reauthLimit: RateLimitRule;
}

const wrongPassword = () =>
  new AppError('PERMISSION_DENIED', 'current_password is wrong', {
    reason: 'CURRENT_PASSWORD_WRONG',
    details: { fields: [{ field: 'current_password', message: 'is wrong' }] },
  });

/**
 * Changes the caller's own name, email and/or password (each optional, at least one). A new email must be free
 * (EMAIL_TAKEN otherwise); a new password must meet the policy and is stored hashed. A new email or password needs
 * the current password (attempts counted per account like logins) and revokes every token issued before: the
 * token version goes up, so earlier refresh tokens are refused and earlier access tokens no longer reach the account.
 */
export const makeUpdateProfile =
  (deps: UpdateProfileDeps) =>
  async (customerId: string, command: UpdateProfileCommand): Promise<Customer> => {
    const changes: AccountChanges = {};
    if (command.name !== undefined) changes.name = normaliseName(command.name);
    if (command.email !== undefined) changes.email = parseEmail(command.email);
    if (command.password !== undefined) assertPasswordPolicy(command.password);
    if (command.name === undefined && command.email === undefined && command.password === undefined) {
      const message = 'give at least one of name, email, password';
      throw new AppError('INVALID_ARGUMENT', `nothing to update: ${message}`, { details: { fields: [{ field: '(root)', message }] } });
    }
    if (command.email !== undefined || command.password !== undefined) {
      await confirmCurrentPassword(deps, customerId, command.current_password);
      if (command.password !== undefined) changes.passwordHash = await deps.hasher.hash(command.password);
      changes.revokeTokens = true;
    }
    return deps.repository.update(customerId, changes);
  };

const confirmCurrentPassword = async (deps: UpdateProfileDeps, customerId: string, given: string | undefined): Promise<void> => {
  if (given === undefined) throw fieldError('current_password', 'is required to change email or password');
  const bucket = `reauth:${customerId}`;
  const decision = await deps.rateLimiter.hit(bucket, deps.reauthLimit);
  if (!decision.allowed)
    throw new AppError('RESOURCE_EXHAUSTED', `too many wrong passwords; try again in ${decision.retryAfterSeconds} s`, {
      reason: 'TOO_MANY_ATTEMPTS',
      details: { retry_after_seconds: decision.retryAfterSeconds },
    });
  const account = await deps.repository.findById(customerId);
  if (account === null) throw customerNotFound(customerId);
  if (!(await deps.hasher.verify(account.passwordHash, given))) throw wrongPassword();
  await deps.rateLimiter.refund(bucket);
};

export type UpdateProfile = ReturnType<typeof makeUpdateProfile>;
