import type { ShippedOrder } from '../domain/commission-guard.js';
import type { WalletEventLedger } from './ports.js';

/** Records an order as shipped (OrderShipped); false when the event had been applied before. */
export type RecordShippedOrder = (eventId: string, order: ShippedOrder) => Promise<boolean>;

/**
 * Keeps this service's own record of which orders shipped, so that crediting a commission never rests on the
 * publisher's word alone (domain/commission-guard.ts).
 */
export const makeRecordShippedOrder =
  (deps: { ledger: WalletEventLedger }): RecordShippedOrder =>
  (eventId, order) =>
    deps.ledger.recordShippedOnce(eventId, order);
