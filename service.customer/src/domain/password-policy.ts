import { fieldError } from './field-error.js';

export const PASSWORD_MIN_LENGTH = 8;
// argon2 cost grows with input length; a cap keeps a megabyte "password" from becoming a CPU attack.
export const PASSWORD_MAX_LENGTH = 256;

/** Checks a new password against the policy (length in characters), or throws INVALID_ARGUMENT naming `field`. */
export const assertPasswordPolicy = (password: string, field = 'password'): void => {
  // Count code points, not UTF-16 units, so an emoji is one character as the user sees it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw fieldError(field, `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) throw fieldError(field, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (password.trim().length === 0) throw fieldError(field, 'must not be only whitespace');
};
