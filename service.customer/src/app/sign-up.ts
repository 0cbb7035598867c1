import { isAppError } from '@micro-ecommerce/pkg/errors';
import type { Customer } from '../domain/customer.js';
import { normaliseName } from '../domain/customer.js';
import { parseEmail } from '../domain/email.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import { normaliseReferralCode, unknownReferralCode } from '../domain/referral-code.js';
import type { CustomerRepository, PasswordHasher } from './ports.js';

export interface SignUpCommand {
  email: string;
  password: string;
  name?: string | undefined;
  /** Another customer's referral code: that customer earns a commission on this one's paid orders. */
  referralCode?: string | undefined;
}

/**
 * Creates a customer account (role customer) with its own referral code, or resolves null when the normalised
 * email is in use: nothing is created or changed then, and the caller answers exactly as for a new account, so
 * sign-up cannot tell anyone which addresses have accounts (the password is hashed either way, so the time
 * does not tell either). REFERRAL_CODE_UNKNOWN when the given referral code names no account.
 */
export const makeSignUp =
  (deps: { repository: CustomerRepository; hasher: PasswordHasher }) =>
  async (command: SignUpCommand): Promise<Customer | null> => {
    const email = parseEmail(command.email);
    assertPasswordPolicy(command.password);
    const name = normaliseName(command.name ?? '');
    const referredBy = command.referralCode === undefined ? null : await referrerOf(deps.repository, command.referralCode);
    const passwordHash = await deps.hasher.hash(command.password);
    // No lookup first: the unique index decides, so two concurrent sign-ups cannot both win.
    try {
      return await deps.repository.create({ email, passwordHash, name, role: 'customer', referredBy });
    } catch (error) {
      if (isAppError(error) && error.reason === 'EMAIL_TAKEN') return null;
      throw error;
    }
  };

const referrerOf = async (repository: CustomerRepository, raw: string): Promise<string> => {
  const code = normaliseReferralCode(raw);
  const referrer = code === null ? null : await repository.findByReferralCode(code);
  if (referrer === null) throw unknownReferralCode(raw);
  return referrer.id;
};

export type SignUp = ReturnType<typeof makeSignUp>;
