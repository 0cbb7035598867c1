import { describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import { makeSignUp } from './sign-up.js';

const setup = () => {
  const repository = new FakeCustomerRepository();
  const hasher = new FakePasswordHasher();
  return { repository, hasher, signUp: makeSignUp({ repository, hasher }) };
};

describe('signUp', () => {
  it('stores a customer with the normalised email, trimmed name and a hashed password', async () => {
    const { repository, signUp } = setup();
    const customer = await signUp({ email: '  Ada@Example.COM ', password: 'correct horse', name: ' Ada ' });
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'customer', loyaltyPoints: 0n });
    expect(customer).not.toHaveProperty('passwordHash');
    expect(repository.accounts.get(customer.id)?.passwordHash).toBe('hashed:correct horse');
  });

  it('defaults the name to empty', async () => {
    expect((await setup().signUp({ email: 'b@example.com', password: 'correct horse' })).name).toBe('');
  });

  it('refuses an email that differs from an existing one only by case', async () => {
    const { signUp } = setup();
    await signUp({ email: 'ada@example.com', password: 'correct horse' });
    await expect(signUp({ email: 'ADA@example.com', password: 'other password' })).rejects.toMatchObject({
      kind: 'ALREADY_EXISTS',
      reason: 'EMAIL_TAKEN',
    });
  });

  it('refuses a short password or a malformed email before hashing anything', async () => {
    const { repository, hasher, signUp } = setup();
    await expect(signUp({ email: 'ada@example.com', password: 'short' })).rejects.toMatchObject({
      kind: 'INVALID_ARGUMENT',
      details: { fields: [{ field: 'password', message: 'must be at least 8 characters' }] },
    });
    await expect(signUp({ email: 'not-an-email', password: 'correct horse' })).rejects.toMatchObject({
      details: { fields: [{ field: 'email', message: expect.any(String) }] },
    });
    expect(hasher.hashed).toEqual([]);
    expect(repository.accounts.size).toBe(0);
  });
});
