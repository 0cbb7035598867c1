import { AppError } from '@micro-ecommerce/pkg/errors';

/**
 * A customer's money, in cents. A checkout moves money balance → frozen (try), then frozen → debited (confirm)
 * or back to balance (cancel); a refund moves a debit back to balance; a top-up or a commission adds to balance
 * and a commission reversal takes from it. So balance + frozen + debited is always the customer's succeeded
 * top-ups + commissions − what reversals took. Frozen and debited are never negative; the balance only goes below
 * zero when a reversal takes back a commission that was already spent (see takeBack).
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

/**
 * Takes a commission back from the balance, in full. Commissions are earned once an order ships and are never
 * reversed; only one earned on payment under the old rule can be, and its referrer may have spent it. Taking only
 * what the balance held then wrote the rest off, and spending the commission on an order of one's own and
 * cancelling both minted it once per cycle (issue 20). So the balance goes below zero instead: a debt that every
 * later top-up, refund or commission pays off first, and that freezes nothing meanwhile (canFreeze). Frozen and
 * debited money belong to checkouts and are not touched.
 */
export const takeBack = (wallet: Wallet, amountCents: number): Wallet => ({ ...wallet, balanceCents: wallet.balanceCents - amountCents });
