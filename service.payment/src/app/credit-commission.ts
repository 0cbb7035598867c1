import { assertAmountCents } from '../domain/amount.js';
import type { CommissionOutcome, CommissionRequest, WalletEventLedger } from './ports.js';

export type CreditCommission = (eventId: string, commission: CommissionRequest) => Promise<CommissionOutcome>;

/**
 * Credits a referrer's commission for a referred customer's paid order (CommissionEarned), once per order. If the
 * order's reversal arrived first (ALREADY_REVERSED), nothing is credited: the commission was voided before it came.
 */
export const makeCreditCommission =
  (deps: { ledger: WalletEventLedger }): CreditCommission =>
  async (eventId, commission) => {
    assertAmountCents(commission.amountCents, Number.MAX_SAFE_INTEGER);
    return deps.ledger.creditCommissionOnce(eventId, commission);
  };
