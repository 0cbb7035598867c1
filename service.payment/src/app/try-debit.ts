import { assertAmountCents } from '../domain/amount.js';
import { transactionCancelled } from '../domain/payment-errors.js';
import type { DebitRequest, WalletStore } from './ports.js';

export type TryDebit = (request: DebitRequest) => Promise<{ applied: boolean }>;

// bigint cents from the wire must fit a JS number exactly; beyond that no wallet could hold it anyway.
const MAX_DEBIT_CENTS = Number.MAX_SAFE_INTEGER;

/**
 * TCC try of the payment branch: freezes the amount. A retried try answers success without freezing again;
 * a try arriving after its cancel is refused (ABORTED, TRANSACTION_CANCELLED) so the coordinator does not
 * believe money was frozen.
 */
export const makeTryDebit =
  (deps: { store: WalletStore }): TryDebit =>
  async (request) => {
    assertAmountCents(request.amountCents, MAX_DEBIT_CENTS);
    const outcome = await deps.store.tryDebit(request);
    if (outcome === 'suspended') throw transactionCancelled(request.xid);
    return { applied: outcome === 'applied' };
  };
