import { assertAmountCents } from '../domain/amount.js';
import type { CommissionOutcome, EarnedCommissionRequest, WalletEventLedger } from './ports.js';

export type CreditCommission = (eventId: string, commission: EarnedCommissionRequest) => Promise<CommissionOutcome>;

/**
 * Credits a referrer's commission for a referred customer's shipped order (CommissionEarned), once per order, and
 * only once this service has seen the order ship itself: a commission is never credited for an order that can
 * still be refunded, nor for another buyer or above the order's total (domain/commission-guard.ts). If the order's
 * reversal arrived first (ALREADY_REVERSED, an order paid under the old rule), nothing is credited.
 */
export const makeCreditCommission =
  (deps: { ledger: WalletEventLedger }): CreditCommission =>
  async (eventId, commission) => {
    assertAmountCents(commission.amountCents, Number.MAX_SAFE_INTEGER);
    return deps.ledger.creditCommissionOnce(eventId, commission);
  };
