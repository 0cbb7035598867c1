import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import { transactionId } from '../domain/reservation.js';
import type { ReservationStore } from './ports.js';

/**
 * The cancel phase of checkout's stock branch: the units reserved under `xid` return to available. Idempotent;
 * a cancel whose try never arrived succeeds (empty rollback) and makes that try refuse to run later.
 */
export const makeCancelReserve =
  ({ reservations }: { reservations: ReservationStore }) =>
  async (xid: string): Promise<BarrierOutcome> =>
    reservations.cancel(transactionId(xid));
