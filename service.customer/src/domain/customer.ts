import type { Role } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { isUuid } from '@micro-ecommerce/pkg/ids';
import type { Email } from './email.js';
import { fieldError } from './field-error.js';

export type { Role };

/** A customer account as the rest of the system may see it: never the password hash. */
export interface Customer {
  id: string;
  email: Email;
  name: string;
  role: Role;
  loyaltyPoints: bigint;
  /** The code others sign up with to become this account's referrals (referral-code.ts). */
  referralCode: string;
  /** The account whose referral code this one signed up with, if any. */
  referredBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer with the credential the login check needs; it stays inside the service. */
export interface CustomerAccount extends Customer {
  passwordHash: string;
  /** Bumped by every credential change; a token issued under an earlier version is revoked. */
  tokenVersion: number;
  /** Created by the configured seeding: the only accounts seeding may change. */
  seeded: boolean;
}

export const NAME_MAX_LENGTH = 100;

/** Customer ids are UUIDs; anything else names no customer. */
export const isCustomerId = (id: string): boolean => isUuid(id);

/** Trims a display name and checks its length, or throws INVALID_ARGUMENT naming `name`. */
export const normaliseName = (raw: string): string => {
  const name = raw.trim();
  if ([...name].length > NAME_MAX_LENGTH) throw fieldError('name', `must be at most ${NAME_MAX_LENGTH} characters`);
  return name;
};

/** Strips the credential and its bookkeeping from an account. */
export const publicCustomer = ({ passwordHash: _hash, tokenVersion: _version, seeded: _seeded, ...customer }: CustomerAccount): Customer =>
  customer;

/** The NOT_FOUND every lookup of a missing account answers. */
export const customerNotFound = (id: string): AppError =>
  new AppError('NOT_FOUND', `customer ${id} not found`, { reason: 'CUSTOMER_NOT_FOUND', details: { customer_id: id } });
