import type { Wallet } from '../domain/wallet.js';
import type { WalletStore } from './ports.js';

export type GetWallet = (customerId: string) => Promise<Wallet>;

/** The caller's wallet; an unseen customer gets an empty one. */
export const makeGetWallet =
  (deps: { store: WalletStore }): GetWallet =>
  (customerId) =>
    deps.store.getWallet(customerId);
