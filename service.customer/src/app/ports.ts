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
  update(id: string, changes: { email?: Email; name?: string; passwordHash?: string; role?: Role }): Promise<Customer>;
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
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the bucket's window ends; meaningful when not allowed. */
  retryAfterSeconds: number;
}

/** Counters of attempts per bucket (e.g. one email or one IP) over a fixed window. */
export interface RateLimiter {
  /** Counts one attempt against `bucket` and says whether it stays within `rule`. */
  hit(bucket: string, rule: RateLimitRule): Promise<RateLimitDecision>;
  /** Takes back an attempt that proved legitimate; best effort, never throws. */
  refund(bucket: string): Promise<void>;
}

/** Which login limit refused an attempt: the email's, the client IP's, or both at once. */
export type LoginLimit = 'email' | 'ip' | 'email_and_ip';

/** Counts logins the rate limit refused (the micro_ecommerce.login.rate_limit.refusals metric). */
export interface LoginRefusalCounter {
  count(limit: LoginLimit): void;
}

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Signs access tokens for a customer (RS256 JWT in production). */
export type TokenIssuer = (principal: { customerId: string; role: Role }) => Promise<AccessToken>;

export type {
  DeliveryResult,
  NotificationInbox,
  NotificationOutbox,
  NotificationSender,
  OutgoingNotification,
  NotificationPage,
} from './notification-ports.js';
export type { OrderEventStore, OrderEventEffects, NewNotification, CommissionEvents } from './order-event-ports.js';
