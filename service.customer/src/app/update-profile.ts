import { AppError } from '@micro-ecommerce/pkg/errors';
import { normaliseName, type Customer, type Role } from '../domain/customer.js';
import { parseEmail, type Email } from '../domain/email.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import type { CustomerRepository, PasswordHasher } from './ports.js';

export interface UpdateProfileCommand {
  name?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
}

/**
 * Changes the caller's own name, email and/or password (each optional, at least one). A new email must be free
 * (EMAIL_TAKEN otherwise); a new password must meet the policy and is stored hashed.
 */
export const makeUpdateProfile =
  (deps: { repository: CustomerRepository; hasher: PasswordHasher }) =>
  async (customerId: string, command: UpdateProfileCommand): Promise<Customer> => {
    const changes: { email?: Email; name?: string; passwordHash?: string; role?: Role } = {};
    if (command.name !== undefined) changes.name = normaliseName(command.name);
    if (command.email !== undefined) changes.email = parseEmail(command.email);
    if (command.password !== undefined) {
      assertPasswordPolicy(command.password);
      changes.passwordHash = await deps.hasher.hash(command.password);
    }
    if (Object.keys(changes).length === 0) {
      const message = 'give at least one of name, email, password';
      throw new AppError('INVALID_ARGUMENT', `nothing to update: ${message}`, { details: { fields: [{ field: '(root)', message }] } });
    }
    return deps.repository.update(customerId, changes);
  };

export type UpdateProfile = ReturnType<typeof makeUpdateProfile>;
