import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Email } from '../../../domain/email.js';
import { PostgresCustomerRepository } from './customer-repository.js';

const pool = createPool(testConfig().postgres, 'customer');
const repository = new PostgresCustomerRepository(pool);
afterAll(() => pool.end());

// The database is shared and persistent: every test uses emails no other run has used.
const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID()}@repo.test` as Email;
const create = (email: Email, role: 'customer' | 'staff' | 'admin' = 'customer', referredBy: string | null = null) =>
  repository.create({ email, passwordHash: 'hash-1', name: 'Ada', role, referredBy });

describe('PostgresCustomerRepository', () => {
  it('creates an account with database defaults and finds it by id and by email in any case', async () => {
    const email = uniqueEmail('ada');
    const created = await create(email);
    expect(created).toMatchObject({ email, name: 'Ada', role: 'customer', loyaltyPoints: 0n });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created).not.toHaveProperty('passwordHash');
    expect(await repository.findById(created.id)).toMatchObject({ id: created.id, passwordHash: 'hash-1' });
    expect((await repository.findByEmail(email.toUpperCase()))?.id).toBe(created.id);
  });

  it('answers null for unknown and malformed ids and emails', async () => {
    expect(await repository.findById(crypto.randomUUID())).toBeNull();
    expect(await repository.findById('not-a-uuid')).toBeNull();
    expect(await repository.findByEmail(uniqueEmail('nobody'))).toBeNull();
  });

  it('refuses a second account whose email differs only by case, with EMAIL_TAKEN', async () => {
    const email = uniqueEmail('dup');
    await create(email);
    await expect(create(email.toUpperCase() as Email)).rejects.toMatchObject({ kind: 'ALREADY_EXISTS', reason: 'EMAIL_TAKEN' });
  });

  it('updates only the given columns and bumps updated_at', async () => {
    const created = await create(uniqueEmail('upd'));
    const before = await repository.findById(created.id);
    const newEmail = uniqueEmail('renamed');
    const updated = await repository.update(created.id, { email: newEmail, role: 'admin' });
    expect(updated).toMatchObject({ id: created.id, email: newEmail, role: 'admin', name: 'Ada' });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect((await repository.findById(created.id))?.passwordHash).toBe('hash-1');
    await repository.update(created.id, { passwordHash: 'hash-2' });
    expect((await repository.findById(created.id))?.passwordHash).toBe('hash-2');
  });

  it("refuses to take another account's email and leaves both unchanged", async () => {
    const a = await create(uniqueEmail('a'));
    const b = await create(uniqueEmail('b'));
    await expect(repository.update(a.id, { email: b.email.toUpperCase() as Email, name: 'Changed' })).rejects.toMatchObject({
      reason: 'EMAIL_TAKEN',
    });
    expect(await repository.findById(a.id)).toMatchObject({ email: a.email, name: 'Ada' });
  });

  it('answers CUSTOMER_NOT_FOUND when updating an unknown or malformed id', async () => {
    await expect(repository.update(crypto.randomUUID(), { name: 'x' })).rejects.toMatchObject({ reason: 'CUSTOMER_NOT_FOUND' });
    await expect(repository.update('42', { name: 'x' })).rejects.toMatchObject({ reason: 'CUSTOMER_NOT_FOUND' });
  });

  it('gives each account its own referral code, found again by it, and stores the referrer', async () => {
    const referrer = await create(uniqueEmail('referrer'), 'staff');
    const referred = await create(uniqueEmail('referred'), 'customer', referrer.id);
    expect(referrer.role).toBe('staff');
    expect(referrer.referralCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(referred.referralCode).not.toBe(referrer.referralCode);
    expect(referred.referredBy).toBe(referrer.id);
    expect((await repository.findByReferralCode(referrer.referralCode))?.id).toBe(referrer.id);
    expect(await repository.findByReferralCode('22222222')).toBeNull();
    // A staff account left behind would receive a notification for every order paid on the test stage from now on
    // (every later test run and `make bench` would do that much more work).
    await pool.query('DELETE FROM customers WHERE id = ANY($1::uuid[])', [[referred.id, referrer.id]]);
  });
});
