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
    const customer = (await signUp({ email: '  Ada@Example.COM ', password: 'correct horse', name: ' Ada ' }))!;
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'customer', loyaltyPoints: 0n });
    expect(customer).not.toHaveProperty('passwordHash');
    expect(repository.accounts.get(customer.id)?.passwordHash).toBe('hashed:correct horse');
  });

  it('defaults the name to empty', async () => {
    expect((await setup().signUp({ email: 'b@example.com', password: 'correct horse' }))?.name).toBe('');
  });

  it('creates nothing for an email in use (even by case only) and says so to the caller alone, after hashing all the same', async () => {
    const { repository, hasher, signUp } = setup();
    await signUp({ email: 'ada@example.com', password: 'correct horse' });
    const hashed = hasher.hashed.length;
    expect(await signUp({ email: 'ADA@example.com', password: 'other password' })).toBeNull();
    expect(repository.accounts.size).toBe(1);
    expect(hasher.hashed.length).toBe(hashed + 1);
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

  it('gives every account its own referral code', async () => {
    const { signUp } = setup();
    const a = (await signUp({ email: 'a@example.com', password: 'correct horse' }))!;
    const b = (await signUp({ email: 'b@example.com', password: 'correct horse' }))!;
    expect(a.referralCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(a.referralCode).not.toBe(b.referralCode);
    expect(a.referredBy).toBeNull();
  });

  it('records the referrer of a sign-up with a referral code, typed loosely', async () => {
    const { signUp } = setup();
    const referrer = (await signUp({ email: 'ref@example.com', password: 'correct horse' }))!;
    const typed = ` ${referrer.referralCode.slice(0, 4).toLowerCase()}-${referrer.referralCode.slice(4)} `;
    const referred = (await signUp({ email: 'new@example.com', password: 'correct horse', referralCode: typed }))!;
    expect(referred.referredBy).toBe(referrer.id);
  });

  it('refuses an unknown referral code, naming the field, and creates nothing', async () => {
    const { repository, hasher, signUp } = setup();
    for (const referralCode of ['ZZZZ2222', 'not a code']) {
      await expect(signUp({ email: 'new@example.com', password: 'correct horse', referralCode })).rejects.toMatchObject({
        kind: 'FAILED_PRECONDITION',
        reason: 'REFERRAL_CODE_UNKNOWN',
        details: { fields: [{ field: 'referral_code', message: expect.any(String) }] },
      });
    }
    expect(repository.accounts.size).toBe(0);
    expect(hasher.hashed).toEqual([]);
  });
});
