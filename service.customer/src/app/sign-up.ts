import type { Customer } from '../domain/customer.js';
import { normaliseName } from '../domain/customer.js';
import { parseEmail } from '../domain/email.js';
import { assertPasswordPolicy } from '../domain/password-policy.js';
import type { CustomerRepository, PasswordHasher } from './ports.js';

export interface SignUpCommand {
  email: string;
  password: string;
  name?: string | undefined;
}

/** Creates a customer account (role customer); EMAIL_TAKEN when the normalised email is in use. */
export const makeSignUp =
  (deps: { repository: CustomerRepository; hasher: PasswordHasher }) =>
  async (command: SignUpCommand): Promise<Customer> => {
    const email = parseEmail(command.email);
    assertPasswordPolicy(command.password);
    const name = normaliseName(command.name ?? '');
    const passwordHash = await deps.hasher.hash(command.password);
    // No lookup first: the unique index decides, so two concurrent sign-ups cannot both win.
    return deps.repository.create({ email, passwordHash, name, role: 'customer' });
  };

export type SignUp = ReturnType<typeof makeSignUp>;
