import type { WalletStore } from './ports.js';

export type ConfirmDebit = (xid: string) => Promise<{ applied: boolean }>;

/** TCC confirm of the payment branch: frozen → debited. A repeated confirm succeeds and changes nothing. */
export const makeConfirmDebit =
  (deps: { store: WalletStore }): ConfirmDebit =>
  async (xid) => ({ applied: (await deps.store.confirmDebit(xid)) === 'applied' });
