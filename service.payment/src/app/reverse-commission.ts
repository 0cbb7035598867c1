import { assertAmountCents } from '../domain/amount.js';
import type { CommissionRequest, ReversalOutcome, WalletEventLedger } from './ports.js';

export type ReverseCommission = (eventId: string, commission: CommissionRequest) => Promise<ReversalOutcome>;

/**
 * Takes back the commission of a refunded order (CommissionReversed), once per order: the whole amount credited,
 * leaving the balance below zero if it was spent. Only commissions earned on payment (the old rule) are ever
 * reversed; a commission is now earned once its order shipped, and a shipped order is never refunded. Before its
 * earning arrived it only leaves a tombstone (TOMBSTONE), so the earning credits nothing when it comes.
 */
export const makeReverseCommission =
  (deps: { ledger: WalletEventLedger }): ReverseCommission =>
  async (eventId, commission) => {
    assertAmountCents(commission.amountCents, Number.MAX_SAFE_INTEGER);
    return deps.ledger.reverseCommissionOnce(eventId, commission);
  };
