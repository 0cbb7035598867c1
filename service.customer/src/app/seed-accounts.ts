import { AppError, isAppError } from '@micro-ecommerce/pkg/errors';
import type { Role } from '../domain/customer.js';
import { parseEmail, type Email } from '../domain/email.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import type { CustomerRepository, PasswordHasher } from './ports.js';

export interface AccountSeed {
  email: string;
  password: string;
}

/** The accounts the configuration names: `services.customer.admins` and `services.customer.staff`. */
export interface SeededAccounts {
  admins: readonly AccountSeed[];
  staff: readonly AccountSeed[];
}

/** `not_adopted`: someone signed up with that email before the seeding: their account is left as it is. */
export type SeedOutcome = 'created' | 'updated' | 'unchanged' | 'not_adopted';

/**
 * Makes every configured admin and staff account exist with its role and the configured password. Idempotent: an
 * account that already has the role and whose password still verifies is left alone (no rehash, no write), so
 * restarts and several replicas starting together change nothing. The configuration is authoritative over the
 * accounts it created (role and password follow it), and over those only: an account someone signed up with is
 * never adopted — given a role or a new password — whatever its email, or registering the admin's address before
 * the first start would make that person an admin. An email in both lists is refused: which role it should have
 * is not for the seeding to guess.
 */
export const makeSeedAccounts = (deps: { repository: CustomerRepository; hasher: PasswordHasher }) => {
  const seedOne = async (email: Email, password: string, role: Role, attemptsLeft = 2): Promise<SeedOutcome> => {
    const existing = await deps.repository.findByEmail(email);
    if (existing === null) {
      try {
        await deps.repository.create({ email, passwordHash: await deps.hasher.hash(password), name: '', role, seeded: true });
        return 'created';
      } catch (error) {
        // Another replica seeded the same account between our lookup and insert: look again.
        if (isAppError(error) && error.reason === 'EMAIL_TAKEN' && attemptsLeft > 1)
          return seedOne(email, password, role, attemptsLeft - 1);
        throw error;
      }
    }
    if (!existing.seeded) return 'not_adopted';
    const passwordMatches = await deps.hasher.verify(existing.passwordHash, password);
    if (passwordMatches && existing.role === role) return 'unchanged';
    // A new password revokes the tokens issued under the old one.
    await deps.repository.update(existing.id, {
      role,
      ...(passwordMatches ? {} : { passwordHash: await deps.hasher.hash(password), revokeTokens: true }),
    });
    return 'updated';
  };

  // Every entry is checked before anything is written, so a bad one changes nothing.
  const parse = (seeds: readonly AccountSeed[], key: 'admins' | 'staff', role: Role) =>
    seeds.map((seed, index) => {
      const email = parseEmail(seed.email, `${key}.${index}.email`);
      assertPasswordPolicy(seed.password, `${key}.${index}.password`);
      return { email, password: seed.password, role, field: `${key}.${index}.email` };
    });

  return async (accounts: SeededAccounts): Promise<Record<Email, SeedOutcome>> => {
    const entries = [...parse(accounts.admins, 'admins', 'admin'), ...parse(accounts.staff, 'staff', 'staff')];
    const roles = new Map<Email, Role>();
    for (const entry of entries) {
      const earlier = roles.get(entry.email);
      if (earlier !== undefined && earlier !== entry.role) {
        throw new AppError('INVALID_ARGUMENT', `${entry.email} is configured both as admin and as staff`, {
          details: { fields: [{ field: entry.field, message: 'is configured both as admin and as staff' }] },
        });
      }
      roles.set(entry.email, entry.role);
    }
    const outcomes: Record<Email, SeedOutcome> = {};
    for (const entry of entries) outcomes[entry.email] = await seedOne(entry.email, entry.password, entry.role);
    return outcomes;
  };
};

export type SeedAccounts = ReturnType<typeof makeSeedAccounts>;
