import { AppError } from '@micro-ecommerce/pkg/errors';

/**
 * A customer's money, in cents. A checkout moves money balance → frozen (try), then frozen → debited (confirm)
 * or back to balance (cancel); a refund moves a debit back to balance; a top-up or a commission adds to balance
 * and a commission reversal takes from it. So balance + frozen + debited is always the customer's succeeded
 * top-ups + commissions − what reversals took, and no part is ever negative.
 */
export interface Wallet {
  customerId: string;
  balanceCents: number;
  frozenCents: number;
  debitedCents: number;
}

/** The wallet a customer has before any money movement. */
export const emptyWallet = (customerId: string): Wallet => ({ customerId, balanceCents: 0, frozenCents: 0, debitedCents: 0 });

/** True when the wallet can freeze `amountCents` for a checkout. */
export const canFreeze = (wallet: Wallet, amountCents: number): boolean => wallet.balanceCents >= amountCents;

/** Adds `amountCents` to the balance (a commission; a top-up's credit does the same in SQL). */
export const credit = (wallet: Wallet, amountCents: number): Wallet => ({ ...wallet, balanceCents: wallet.balanceCents + amountCents });

/**
 * Gives a confirmed debit back: debited → balance. Only debited money can come back; more would mean a refund
 * without its debit, a bug upstream, so it refuses rather than invent money.
 */
export const refund = (wallet: Wallet, amountCents: number): Wallet => {
  if (wallet.debitedCents < amountCents) {
    throw new AppError('INTERNAL', 'a refund exceeds what the wallet has debited', {
      details: { debited_cents: wallet.debitedCents, amount_cents: amountCents },
    });
  }
  return { ...wallet, debitedCents: wallet.debitedCents - amountCents, balanceCents: wallet.balanceCents + amountCents };
};

/** What a commission reversal did: the wallet after it, what it took and what the balance could not cover. */
export interface TakeBack {
  wallet: Wallet;
  takenCents: number;
  shortfallCents: number;
}

/**
 * Takes a commission back from the balance. The referrer may have spent it already: then it takes what the
 * balance holds and reports the rest as the shortfall, because a balance never goes negative. Frozen and
 * debited money belong to checkouts and are not touched.
 */
export const takeBack = (wallet: Wallet, amountCents: number): TakeBack => {
  const takenCents = Math.min(wallet.balanceCents, amountCents);
  return { wallet: { ...wallet, balanceCents: wallet.balanceCents - takenCents }, takenCents, shortfallCents: amountCents - takenCents };
};
