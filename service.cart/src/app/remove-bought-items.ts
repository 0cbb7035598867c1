import type { CartLine } from '../domain/cart-line.js';
import type { CartStore, RemovalOutcome } from './ports.js';

export interface RemoveBoughtItemsCommand {
  customerId: string;
  /** Units bought per SKU (positive quantities, validated at the edge). */
  units: readonly CartLine[];
  /** Makes the removal happen at most once, e.g. the order id; null when the caller does not need that. */
  operationId: string | null;
}

/** Takes bought units out of a cart after a checkout; lines not in the cart are ignored. */
export const makeRemoveBoughtItems =
  (deps: { store: CartStore }) =>
  ({ customerId, units, operationId }: RemoveBoughtItemsCommand): Promise<RemovalOutcome> =>
    deps.store.removeUnits(customerId, units, operationId);

export type RemoveBoughtItems = ReturnType<typeof makeRemoveBoughtItems>;
