/**
 * A customer's money, in cents. A checkout moves money balance → frozen (try), then frozen → debited (confirm)
 * or back to balance (cancel); a top-up adds to balance. So balance + frozen + debited is always the sum of the
 * customer's succeeded top-ups, and no part is ever negative.
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
