import { AppError } from '@micro-ecommerce/pkg/errors';
import { describe, expect, it } from 'vitest';
import { normaliseEmail, parseEmail } from './email.js';

const failure = (raw: string, field?: string): AppError => {
  try {
    parseEmail(raw, field);
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`expected ${raw} to be rejected`);
};

describe('email', () => {
  it('normalises by trimming and lower-casing', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM \n')).toBe('ada.lovelace@example.com');
    expect(parseEmail(' Ada@Example.com ')).toBe('ada@example.com');
  });

  it('accepts ordinary addresses, sub-addressing and sub-domains', () => {
    for (const raw of ['a@b.co', 'first.last+shop@mail.example.org', 'x_y-z@a-b.example.io']) expect(parseEmail(raw)).toBe(raw);
  });

  it.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'ada@@example.com', 'a da@example.com', 'ada@example..com', 'ada@.com'])(
    'rejects %j naming the email field',
    (raw) => {
      const error = failure(raw);
      expect(error).toBeInstanceOf(AppError);
      expect(error.kind).toBe('INVALID_ARGUMENT');
      expect(error.details).toEqual({ fields: [{ field: 'email', message: expect.any(String) }] });
    },
  );

  it('rejects addresses longer than deliverable', () => {
    expect(failure(`${'a'.repeat(65)}@example.com`).message).toMatch(/before @/);
    expect(failure(`a@${'b'.repeat(250)}.com`).message).toMatch(/at most 254/);
  });

  it('names the field it is given', () => {
    expect(failure('nope', 'admins.0.email').details).toEqual({ fields: [{ field: 'admins.0.email', message: expect.any(String) }] });
  });
});
