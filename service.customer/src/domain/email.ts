import { fieldError } from './field-error.js';

/** An email address in its stored form: trimmed, lower-case and plausibly deliverable. */
export type Email = string & { readonly __brand: 'Email' };

// RFC 5321 limits; anything longer cannot be delivered, so it cannot be an account's address.
const MAX_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
// An address as HTML's <input type=email> accepts it (a dot-atom before @, a host name after it), with a dot in
// the host: what every mail system routes. Deliverability is proven by mail, not regex. The API documents it.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
export const EMAIL_PATTERN = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})+$`);
export const EMAIL_MAX_LENGTH = MAX_LENGTH;

/**
 * Trims and lower-cases an address. Lower-casing the local part is technically lossy, but no mail provider in
 * use treats case as significant and two accounts that differ only by case are always a mistake.
 */
export const normaliseEmail = (raw: string): string => raw.trim().toLowerCase();

/** Why `raw`, once normalised, cannot be an account's email; undefined when it can. */
export const emailProblem = (raw: string): string | undefined => {
  const email = normaliseEmail(raw);
  if (email.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (!EMAIL_PATTERN.test(email)) return 'must be an email address such as name@example.com';
  if (email.indexOf('@') > MAX_LOCAL_PART_LENGTH) return `the part before @ must be at most ${MAX_LOCAL_PART_LENGTH} characters`;
  return undefined;
};

/** Normalises `raw` and checks its shape, or throws INVALID_ARGUMENT naming `field`. */
export const parseEmail = (raw: string, field = 'email'): Email => {
  const problem = emailProblem(raw);
  if (problem !== undefined) throw fieldError(field, problem);
  return normaliseEmail(raw) as Email;
};
