import type { AppError } from '@micro-ecommerce/pkg/errors';
import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.js';

const failure = (password: string): AppError | undefined => {
  try {
    assertPasswordPolicy(password);
    return undefined;
  } catch (error) {
    return error as AppError;
  }
};

describe('password policy', () => {
  it('accepts passwords from the minimum to the maximum length', () => {
    expect(failure('x'.repeat(PASSWORD_MIN_LENGTH))).toBeUndefined();
    expect(failure('correct horse battery staple')).toBeUndefined();
    expect(failure('x'.repeat(PASSWORD_MAX_LENGTH))).toBeUndefined();
  });

  it('rejects a short password naming the password field', () => {
    const error = failure('1234567');
    expect(error?.kind).toBe('INVALID_ARGUMENT');
    expect(error?.details).toEqual({ fields: [{ field: 'password', message: 'must be at least 8 characters' }] });
  });

  it('counts characters as the user sees them, not UTF-16 units', () => {
    // Four emoji are eight UTF-16 units but four characters.
    expect(failure('🔑🔑🔑🔑')?.kind).toBe('INVALID_ARGUMENT');
    expect(failure('🔑'.repeat(PASSWORD_MAX_LENGTH))).toBeUndefined();
  });

  it('rejects an overlong or blank password', () => {
    expect(failure('x'.repeat(PASSWORD_MAX_LENGTH + 1))?.message).toMatch(/at most/);
    expect(failure(' '.repeat(12))?.message).toMatch(/whitespace/);
  });
});
