import { AppError } from '@micro-ecommerce/pkg/errors';
import type { AccountChanges, CustomerRepository, NewAccount } from '../../src/app/ports.js';
import { customerNotFound, publicCustomer, type Customer, type CustomerAccount } from '../../src/domain/customer.js';
import { newReferralCode } from '../../src/domain/referral-code.js';

/** In-memory CustomerRepository with the same uniqueness rules as the table (lower(email), referral_code). */
export class FakeCustomerRepository implements CustomerRepository {
  readonly accounts = new Map<string, CustomerAccount>();
  writes = 0;

  private emailInUse(email: string, exceptId?: string): boolean {
    return [...this.accounts.values()].some((a) => a.email.toLowerCase() === email.toLowerCase() && a.id !== exceptId);
  }

  async create(account: NewAccount): Promise<Customer> {
    if (this.emailInUse(account.email)) throw new AppError('ALREADY_EXISTS', 'email taken', { reason: 'EMAIL_TAKEN' });
    const now = new Date();
    const stored: CustomerAccount = {
      id: crypto.randomUUID(),
      ...account,
      referredBy: account.referredBy ?? null,
      seeded: account.seeded ?? false,
      tokenVersion: 0,
      referralCode: newReferralCode(),
      loyaltyPoints: 0n,
      createdAt: now,
      updatedAt: now,
    };
    this.accounts.set(stored.id, stored);
    this.writes += 1;
    return publicCustomer(stored);
  }

  async findByEmail(email: string): Promise<CustomerAccount | null> {
    return [...this.accounts.values()].find((a) => a.email.toLowerCase() === email.toLowerCase()) ?? null;
  }

  async findByReferralCode(code: string): Promise<CustomerAccount | null> {
    return [...this.accounts.values()].find((a) => a.referralCode === code) ?? null;
  }

  async findById(id: string): Promise<CustomerAccount | null> {
    return this.accounts.get(id) ?? null;
  }

  async update(id: string, { revokeTokens, ...changes }: AccountChanges): Promise<Customer> {
    const current = this.accounts.get(id);
    if (current === undefined) throw customerNotFound(id);
    if (changes.email !== undefined && this.emailInUse(changes.email, id))
      throw new AppError('ALREADY_EXISTS', 'email taken', { reason: 'EMAIL_TAKEN' });
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const tokenVersion = current.tokenVersion + (revokeTokens === true ? 1 : 0);
    const updated: CustomerAccount = { ...current, ...defined, tokenVersion, updatedAt: new Date() };
    this.accounts.set(id, updated);
    this.writes += 1;
    return publicCustomer(updated);
  }
}
