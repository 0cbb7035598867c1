import type { Customer, CustomerAccount, Role } from '../domain/customer.js';
import type { Email } from '../domain/email.js';

/** A new account; the repository gives it a fresh referral code. */
export interface NewAccount {
  email: Email;
  passwordHash: string;
  name: string;
  role: Role;
  /** The referrer's id when the account signed up with a referral code. */
  referredBy?: string | null;
  /** Made by the configured seeding (seed-accounts.ts); false for sign-ups. */
  seeded?: boolean;
}

/** What an update may change; `revokeTokens` bumps the token version, revoking every earlier token. */
export interface AccountChanges {
  email?: Email;
  name?: string;
  passwordHash?: string;
  role?: Role;
  revokeTokens?: boolean;
}

/** What the use cases need from account storage. */
export interface CustomerRepository {
  /** Inserts an account with a new unique referral code; ALREADY_EXISTS (reason EMAIL_TAKEN) when the email is in use. */
  create(account: NewAccount): Promise<Customer>;
  /** Looks an account up by its normalised email (a malformed one simply matches nothing). */
  findByEmail(email: string): Promise<CustomerAccount | null>;
  /** Looks an account up by its (normalised) referral code. */
  findByReferralCode(code: string): Promise<CustomerAccount | null>;
  /** null for an unknown id, including one that is not a UUID. */
  findById(id: string): Promise<CustomerAccount | null>;
  /**
   * Applies the given changes and bumps updated_at; NOT_FOUND (reason CUSTOMER_NOT_FOUND) for an unknown id,
   * ALREADY_EXISTS (reason EMAIL_TAKEN) when the new email belongs to someone else.
   */
  update(id: string, changes: AccountChanges): Promise<Customer>;
}

/** One-way password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`; throws only for a hash it cannot read. */
  verify(hash: string, password: string): Promise<boolean>;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  /**
   * With it, an attempt past the limit blocks the bucket for windowSeconds · 2^(attempts past the limit − 1), at
   * most this long; without it, until the window ends.
   */
  maxBackoffSeconds?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the bucket's window ends; meaningful when not allowed. */
  retryAfterSeconds: number;
}

/** Counters of attempts per bucket (e.g. one address, or one account from one address) over a fixed window. */
export interface RateLimiter {
  /** Counts one attempt against `bucket` and says whether it stays within `rule`. */
  hit(bucket: string, rule: RateLimitRule): Promise<RateLimitDecision>;
  /** Takes back an attempt that proved legitimate; best effort, never throws. */
  refund(bucket: string): Promise<void>;
}

/** Which login limit refused an attempt: the account-and-address one, the address's, or both at once. */
export type LoginLimit = 'account_ip' | 'ip' | 'account_ip_and_ip';

/** Counts logins the rate limit refused (the micro_ecommerce.login.rate_limit.refusals metric). */
export interface LoginRefusalCounter {
  count(limit: LoginLimit): void;
}

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Signs access tokens for a customer (RS256 JWT in production), carrying the account's token version. */
export type TokenIssuer = (principal: { customerId: string; role: Role; tokenVersion: number }) => Promise<AccessToken>;

/** What a login or a refresh hands out: a short-lived access token and the refresh token that renews it. */
export interface Session extends AccessToken {
  refreshToken: string;
  refreshExpiresIn: number;
}

/** The outcome of spending a refresh token (domain/refresh-token.ts refreshDecision). */
export type RefreshOutcome =
  { outcome: 'rotated'; customerId: string; tokenVersion: number; refreshToken: string } | { outcome: 'replayed' | 'refused' | 'unknown' };

/** Refresh tokens, rotated on every use (PostgreSQL `refresh_tokens`). */
export interface RefreshTokenStore {
  /** Stores a token of a new family (a login) for the account at `tokenVersion`; returns the client's value. */
  issue(customerId: string, tokenVersion: number, expiresAt: Date): Promise<string>;
  /**
   * In one transaction: looks `value` up, decides (refreshDecision) and, for `rotate`, marks it spent and stores its
   * successor in the same family, expiring at `expiresAt`; for `replayed`, revokes the whole family.
   */
  rotate(value: string, now: Date, expiresAt: Date): Promise<RefreshOutcome>;
  /** Revokes the family of `value` (log-out); nothing for an unknown or malformed value. */
  revokeFamily(value: string): Promise<void>;
}

export type {
  DeliveryResult,
  NotificationInbox,
  NotificationOutbox,
  NotificationSender,
  OutgoingNotification,
  NotificationPage,
} from './notification-ports.js';
export type { OrderEventStore, OrderEventEffects, NewNotification, CommissionEvents } from './order-event-ports.js';
