import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import { transactionId } from '../domain/reservation.js';
import type { ReservationStore } from './ports.js';

/**
 * The confirm phase of checkout's stock branch: the units reserved under `xid` become sold. Idempotent; every
 * barrier outcome is a success, since the coordinator retries confirm until it succeeds. It tells the SKU view
 * feed nothing: reserved → sold leaves every fact a cart shows (available units included) as it was.
 */
export const makeConfirmReserve =
  ({ reservations }: { reservations: ReservationStore }) =>
  async (xid: string): Promise<BarrierOutcome> =>
    reservations.confirm(transactionId(xid));
