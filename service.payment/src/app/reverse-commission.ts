import { assertAmountCents } from '../domain/amount.js';
import type { CommissionRequest, ReversalOutcome, WalletEventLedger } from './ports.js';

export type ReverseCommission = (eventId: string, commission: CommissionRequest) => Promise<ReversalOutcome>;

/**
 * Takes back the commission of a refunded order (CommissionReversed), once per order: the amount credited, or
 * what the balance still holds (the rest is recorded as the shortfall). Before its earning arrived it only leaves
 * a tombstone (TOMBSTONE), so the earning credits nothing when it comes.
 */
export const makeReverseCommission =
  (deps: { ledger: WalletEventLedger }): ReverseCommission =>
  async (eventId, commission) => {
    assertAmountCents(commission.amountCents, Number.MAX_SAFE_INTEGER);
    return deps.ledger.reverseCommissionOnce(eventId, commission);
  };
