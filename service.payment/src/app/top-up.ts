import { isAppError } from '@micro-ecommerce/pkg/errors';
import { assertAmountCents } from '../domain/amount.js';
import type { Payment } from '../domain/payment.js';
import { idempotencyKeyReused, topUpFailure, topUpInProgress } from '../domain/payment-errors.js';
import { walletCredited } from '../domain/wallet-event.js';
import type { PaymentEvents, PaymentProvider, WalletStore } from './ports.js';

export interface TopUpCommand {
  customerId: string;
  amountCents: number;
  cardToken: string;
  idempotencyKey: string | null;
}

export type TopUp = (command: TopUpCommand) => Promise<{ payment: Payment; replayed: boolean }>;

// A replay answers what the first request answered: the same payment, or the same refusal.
const replay = (payment: Payment, amountCents: number): { payment: Payment; replayed: boolean } => {
  if (payment.kind !== 'TOPUP' || payment.amountCents !== amountCents) throw idempotencyKeyReused();
  if (payment.status === 'PENDING') throw topUpInProgress();
  if (payment.status === 'FAILED') throw topUpFailure(payment.failureReason);
  return { payment, replayed: true };
};

/**
 * Credits the wallet through the payment provider. The steps are ordered so a crash never credits twice:
 * 1. record a PENDING top-up (with the Idempotency-Key); 2. charge the provider (keyed by the payment id);
 * 3. in one transaction mark it SUCCEEDED and credit the balance, published with WalletCredited as one
 * transactional message. A crash between 1 and 3 leaves a PENDING row, no credit and no event; the key's replay
 * answers TOPUP_IN_PROGRESS rather than charging again.
 */
export const makeTopUp =
  (deps: { store: WalletStore; provider: PaymentProvider; events: PaymentEvents; maxTopUpCents: number }): TopUp =>
  async (command) => {
    assertAmountCents(command.amountCents, deps.maxTopUpCents);
    const { customerId, amountCents, idempotencyKey } = command;
    if (idempotencyKey !== null) {
      const previous = await deps.store.findTopUpByKey(customerId, idempotencyKey);
      if (previous !== null) return replay(previous, amountCents);
    }
    const { payment, created } = await deps.store.insertPendingTopUp({ customerId, amountCents, idempotencyKey });
    // Lost a race with a concurrent request carrying the same key.
    if (!created) return replay(payment, amountCents);

    let reference: string;
    try {
      ({ reference } = await deps.provider.charge({ paymentId: payment.id, amountCents, cardToken: command.cardToken }));
    } catch (error) {
      // Only a definite refusal is FAILED; an unknown outcome (timeout, outage) stays PENDING for reconciliation.
      if (isAppError(error) && (error.reason === 'CARD_DECLINED' || error.reason === 'INVALID_CARD_TOKEN')) {
        await deps.store.failTopUp(payment.id, error.reason);
      }
      throw error;
    }
    const credited = walletCredited({ payment_id: payment.id, customer_id: customerId, amount_cents: amountCents }, new Date());
    return { payment: await deps.events.publishWith(credited, () => deps.store.completeTopUp(payment.id, reference)), replayed: false };
  };
