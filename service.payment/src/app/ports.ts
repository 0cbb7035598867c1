import type { ShippedOrder } from '../domain/commission-guard.js';
import type { Payment } from '../domain/payment.js';
import type { Wallet } from '../domain/wallet.js';
import type { RefundIssuedEvent } from '../domain/refund-event.js';
import type { WalletCreditedEvent } from '../domain/wallet-event.js';

/** What a TCC phase did here; mirrors the barrier's outcomes (pkg/src/tcc). */
export type DebitOutcome = 'applied' | 'duplicate' | 'empty-rollback' | 'suspended';

export interface DebitRequest {
  xid: string;
  customerId: string;
  amountCents: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Wallet and payment storage. Each method is one local transaction. */
export interface WalletStore {
  /** The customer's wallet, created empty on first use. */
  getWallet(customerId: string): Promise<Wallet>;
  /** A page of the customer's payments, newest first. */
  listPayments(customerId: string, page: { offset: number; limit: number }): Promise<Page<Payment>>;
  /** The customer's payment recorded under this Idempotency-Key, if any. */
  findTopUpByKey(customerId: string, idempotencyKey: string): Promise<Payment | null>;
  /**
   * Records a PENDING top-up (creating the wallet if needed). With a key already used by this customer it
   * inserts nothing and answers the existing payment with `created: false`.
   */
  insertPendingTopUp(topUp: {
    customerId: string;
    amountCents: number;
    idempotencyKey: string | null;
  }): Promise<{ payment: Payment; created: boolean }>;
  /** In one transaction: marks the PENDING top-up SUCCEEDED with the provider's reference and credits the balance. */
  completeTopUp(paymentId: string, reference: string): Promise<Payment>;
  /** Marks the PENDING top-up FAILED with the reason; nothing is credited. */
  failTopUp(paymentId: string, failureReason: string): Promise<Payment>;
  /**
   * Behind the TCC barrier: freezes the amount and records a PENDING debit keyed by the xid. Throws
   * INSUFFICIENT_FUNDS (freezing nothing, recording no barrier) when the balance is short.
   */
  tryDebit(request: DebitRequest): Promise<DebitOutcome>;
  /** Behind the TCC barrier: frozen → debited, the debit SUCCEEDED. */
  confirmDebit(xid: string): Promise<DebitOutcome>;
  /** Behind the TCC barrier: frozen → balance, the debit CANCELLED; an empty rollback when no try ran. */
  cancelDebit(xid: string): Promise<DebitOutcome>;
}

/** A card charge's result: the provider's reference of the money it took. */
export interface Charge {
  reference: string;
}

/**
 * The external payment provider. `charge` throws CARD_DECLINED or INVALID_CARD_TOKEN (AppError) when it refuses;
 * `paymentId` is passed as the provider's idempotency key so a retried charge is not taken twice.
 */
export interface PaymentProvider {
  /** The only card tokens the provider accepts, when it has a fixed set (a sandbox); the API documents them. */
  readonly knownTokens?: readonly string[];
  charge(request: { paymentId: string; amountCents: number; cardToken: string }): Promise<Charge>;
}

/** Every event the payment service publishes on payment-events. */
export type PaymentEvent = WalletCreditedEvent | RefundIssuedEvent;

/**
 * Publishes a payment event atomically with a local transaction (a RocketMQ transactional message): the event is
 * delivered if and only if `localTransaction` committed.
 */
export interface PaymentEvents {
  publishWith<T>(event: PaymentEvent, localTransaction: () => Promise<T>): Promise<T>;
}

/** A refund applied now, or the event had been applied before (nothing changed). */
export type RefundOutcome = { outcome: 'REFUNDED'; refund: Payment } | { outcome: 'DUPLICATE' };

/** A referrer's commission for one order, as CommissionEarned / CommissionReversed carry it. */
export interface CommissionRequest {
  orderId: string;
  referrerId: string;
  amountCents: number;
}

/** A CommissionEarned also names the order's buyer, checked against the shipped order (domain/commission-guard.ts). */
export interface EarnedCommissionRequest extends CommissionRequest {
  referredCustomerId: string;
}

/** CREDITED now; DUPLICATE (applied before); ALREADY_REVERSED: its reversal came first, so nothing is credited. */
export type CommissionOutcome = 'CREDITED' | 'DUPLICATE' | 'ALREADY_REVERSED';

/**
 * REVERSED now (the whole commission taken; the balance after it, below zero when it had been spent); DUPLICATE;
 * TOMBSTONE: no commission yet, so the later earning is voided.
 */
export type ReversalOutcome =
  { outcome: 'REVERSED'; takenCents: number; balanceAfterCents: number } | { outcome: 'DUPLICATE' | 'TOMBSTONE' };

/**
 * Wallet changes driven by other services' events. Each `...Once` method is one local transaction that also
 * records `eventId` as processed by the consumer group, so a redelivered event changes nothing ('DUPLICATE').
 */
export interface WalletEventLedger {
  /** The checkout's debit (payments kind DEBIT) of this xid, if its try froze anything. */
  findDebit(xid: string): Promise<Payment | null>;
  /** Records the event as processed with no effect; false when it had been processed before. */
  acknowledgeOnce(eventId: string): Promise<boolean>;
  /** Moves the xid's confirmed debit back to the balance and records the order's REFUND. */
  refundOnce(eventId: string, refund: { orderId: string; xid: string }): Promise<RefundOutcome>;
  /**
   * Credits the referrer's balance (creating the wallet if needed) and records the order's COMMISSION, once the
   * order is recorded as shipped and justifies it (domain checkCommission throws otherwise, changing nothing).
   */
  creditCommissionOnce(eventId: string, commission: EarnedCommissionRequest): Promise<CommissionOutcome>;
  /** Records an order as shipped (OrderShipped); false when the event had been processed before. */
  recordShippedOnce(eventId: string, order: ShippedOrder): Promise<boolean>;
  /** Takes the order's commission back in full (into a debt if spent), or leaves a tombstone when none was credited yet. */
  reverseCommissionOnce(eventId: string, commission: CommissionRequest): Promise<ReversalOutcome>;
}
