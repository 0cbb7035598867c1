import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCustomerRepository } from '../../test/fakes/fake-customer-repository.js';
import { FakePasswordHasher } from '../../test/fakes/fake-password-hasher.js';
import { FakeRateLimiter } from '../../test/fakes/fake-rate-limiter.js';
import type { Email } from '../domain/email.js';
import { makeUpdateProfile } from './update-profile.js';

let repository: FakeCustomerRepository;
let updateProfile: ReturnType<typeof makeUpdateProfile>;
let ada: string;

beforeEach(async () => {
  repository = new FakeCustomerRepository();
  updateProfile = makeUpdateProfile({
    repository,
    hasher: new FakePasswordHasher(),
    rateLimiter: new FakeRateLimiter(),
    reauthLimit: { limit: 3, windowSeconds: 60, maxBackoffSeconds: 900 },
  });
  ada = (await repository.create({ email: 'ada@example.com' as Email, passwordHash: 'hashed:old password', name: 'Ada', role: 'customer' }))
    .id;
  await repository.create({ email: 'bob@example.com' as Email, passwordHash: 'hashed:x', name: 'Bob', role: 'customer' });
});

describe('updateProfile', () => {
  it('changes only the fields given, normalising them', async () => {
    const updated = await updateProfile(ada, { name: '  Countess ', email: ' Ada.L@Example.com', current_password: 'old password' });
    expect(updated).toMatchObject({ name: 'Countess', email: 'ada.l@example.com', role: 'customer' });
    expect(repository.accounts.get(ada)?.passwordHash).toBe('hashed:old password');
  });

  it('stores a new password hashed, after checking the policy', async () => {
    await expect(updateProfile(ada, { password: 'short', current_password: 'old password' })).rejects.toMatchObject({
      details: { fields: [{ field: 'password' }] },
    });
    expect(repository.accounts.get(ada)?.passwordHash).toBe('hashed:old password');
    await updateProfile(ada, { password: 'new password', current_password: 'old password' });
    expect(repository.accounts.get(ada)?.passwordHash).toBe('hashed:new password');
  });

  it("refuses another customer's email, in any case", async () => {
    await expect(updateProfile(ada, { email: 'BOB@example.com', current_password: 'old password' })).rejects.toMatchObject({
      reason: 'EMAIL_TAKEN',
    });
  });

  it('changes email or password only with the right current password, and then revokes earlier tokens', async () => {
    for (const change of [{ email: 'thief@example.com' }, { password: 'thief password' }]) {
      await expect(updateProfile(ada, change)).rejects.toMatchObject({ details: { fields: [{ field: 'current_password' }] } });
      await expect(updateProfile(ada, { ...change, current_password: 'guess' })).rejects.toMatchObject({
        kind: 'PERMISSION_DENIED',
        reason: 'CURRENT_PASSWORD_WRONG',
      });
    }
    expect(repository.accounts.get(ada)).toMatchObject({ email: 'ada@example.com', passwordHash: 'hashed:old password', tokenVersion: 0 });
    await updateProfile(ada, { password: 'new password', current_password: 'old password' });
    expect(repository.accounts.get(ada)?.tokenVersion).toBe(1);
    // A name alone needs no password and revokes nothing.
    await updateProfile(ada, { name: 'Ada L.' });
    expect(repository.accounts.get(ada)?.tokenVersion).toBe(1);
  });

  it('stops guessing at the current password after the limit', async () => {
    for (let i = 0; i < 3; i++)
      await expect(updateProfile(ada, { password: 'x password', current_password: `guess ${i}` })).rejects.toThrow();
    await expect(updateProfile(ada, { password: 'x password', current_password: 'old password' })).rejects.toMatchObject({
      reason: 'TOO_MANY_ATTEMPTS',
    });
  });

  it('refuses an empty change and writes nothing', async () => {
    const writes = repository.writes;
    await expect(updateProfile(ada, {})).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', message: /nothing to update/ });
    expect(repository.writes).toBe(writes);
  });

  it('answers CUSTOMER_NOT_FOUND for an account that no longer exists', async () => {
    await expect(updateProfile(crypto.randomUUID(), { name: 'Ghost' })).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      reason: 'CUSTOMER_NOT_FOUND',
    });
  });
});
