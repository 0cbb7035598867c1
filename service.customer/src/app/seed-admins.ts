import { isAppError } from '@micro-ecommerce/pkg/errors';
import { parseEmail, type Email } from '../domain/email.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import type { CustomerRepository, PasswordHasher } from './ports.js';

export interface AdminSeed {
  email: string;
  password: string;
}

export type SeedOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Makes every configured admin exist with role admin and the configured password. Idempotent: an account that
 * already is an admin and whose password still verifies is left alone (no rehash, no write), so restarts and
 * several replicas starting together change nothing. The configuration is authoritative: an existing account
 * with that email is promoted and gets the configured password.
 */
export const makeSeedAdmins = (deps: { repository: CustomerRepository; hasher: PasswordHasher }) => {
  const seedOne = async (email: Email, password: string, attemptsLeft = 2): Promise<SeedOutcome> => {
    const existing = await deps.repository.findByEmail(email);
    if (existing === null) {
      try {
        await deps.repository.create({ email, passwordHash: await deps.hasher.hash(password), name: '', role: 'admin' });
        return 'created';
      } catch (error) {
        // Another replica seeded the same admin between our lookup and insert: look again.
        if (isAppError(error) && error.reason === 'EMAIL_TAKEN' && attemptsLeft > 1) return seedOne(email, password, attemptsLeft - 1);
        throw error;
      }
    }
    const passwordMatches = await deps.hasher.verify(existing.passwordHash, password);
    if (passwordMatches && existing.role === 'admin') return 'unchanged';
    await deps.repository.update(existing.id, {
      role: 'admin',
      ...(passwordMatches ? {} : { passwordHash: await deps.hasher.hash(password) }),
    });
    return 'updated';
  };

  return async (admins: readonly AdminSeed[]): Promise<Record<Email, SeedOutcome>> => {
    const outcomes: Record<Email, SeedOutcome> = {};
    for (const [index, admin] of admins.entries()) {
      const email = parseEmail(admin.email, `admins.${index}.email`);
      assertPasswordPolicy(admin.password, `admins.${index}.password`);
      outcomes[email] = await seedOne(email, admin.password);
    }
    return outcomes;
  };
};

export type SeedAdmins = ReturnType<typeof makeSeedAdmins>;
