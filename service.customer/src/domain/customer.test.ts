import { describe, expect, it } from 'vitest';
import { isCustomerId, NAME_MAX_LENGTH, normaliseName, publicCustomer, type CustomerAccount } from './customer.js';
import type { Email } from './email.js';

describe('customer', () => {
  it('trims names and bounds their length', () => {
    expect(normaliseName('  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(normaliseName('')).toBe('');
    expect(() => normaliseName('n'.repeat(NAME_MAX_LENGTH + 1))).toThrow(/name must be at most/);
  });

  it('never exposes the password hash', () => {
    const account: CustomerAccount = {
      id: crypto.randomUUID(),
      email: 'a@b.co' as Email,
      name: '',
      role: 'customer',
      loyaltyPoints: 3n,
      referralCode: 'ABCD2345',
      referredBy: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      passwordHash: 'secret',
      tokenVersion: 2,
      seeded: false,
    };
    expect(publicCustomer(account)).not.toHaveProperty('passwordHash');
    expect(publicCustomer(account)).not.toHaveProperty('tokenVersion');
    expect(publicCustomer(account).loyaltyPoints).toBe(3n);
  });

  it('recognises UUID customer ids only', () => {
    expect(isCustomerId(crypto.randomUUID())).toBe(true);
    expect(isCustomerId('42')).toBe(false);
    expect(isCustomerId("' or 1=1 --")).toBe(false);
  });
});
