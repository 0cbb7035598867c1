import type { WalletStore } from './ports.js';

export type CancelDebit = (xid: string) => Promise<{ applied: boolean }>;

/**
 * TCC cancel of the payment branch: frozen → balance. A repeated cancel, or one whose try never ran (empty
 * rollback), succeeds and changes nothing.
 */
export const makeCancelDebit =
  (deps: { store: WalletStore }): CancelDebit =>
  async (xid) => ({ applied: (await deps.store.cancelDebit(xid)) === 'applied' });
