import { AppError } from '@micro-ecommerce/pkg/errors';
import type { ReserveLine } from './reservation.js';

/**
 * Where a checkout's stock branch stands, from its participant barrier: nothing recorded (`absent`), units held
 * (`reserved`: the try ran, the confirm not yet), units sold (`confirmed`), or units released (`cancelled`).
 */
export type ReservationStatus = 'absent' | 'reserved' | 'confirmed' | 'cancelled';

/** A checkout's reservation as the stock branch recorded it: its status and the units per SKU (sorted by id). */
export interface CheckoutReservation {
  status: ReservationStatus;
  lines: ReserveLine[];
}

/** The barrier phases recorded for a checkout's stock branch. */
export interface BranchPhases {
  tried: boolean;
  confirmed: boolean;
  cancelled: boolean;
}

/** The status a checkout's stock branch is in, given its barrier phases (confirm and cancel never both run). */
export const reservationStatus = (phases: BranchPhases): ReservationStatus =>
  phases.confirmed ? 'confirmed' : phases.cancelled ? 'cancelled' : phases.tried ? 'reserved' : 'absent';

/** What returning a cancelled paid order's stock does: move these lines sold → available, or nothing (and why). */
export type ReturnPlan =
  { action: 'return'; lines: ReserveLine[] } | { action: 'skip'; reason: 'RESERVATION_ABSENT' | 'RESERVATION_CANCELLED' };

/**
 * Plans the stock return of a cancelled paid order from its checkout's reservation. Only sold units go back. A
 * reservation that is still only reserved has its TCC confirm pending (it runs in the background after the
 * checkout's 201, and recovery finishes it): FAILED_PRECONDITION NOT_YET_CONFIRMED, which the consumer lets the
 * broker redeliver later. A cancelled or absent reservation sold nothing, so there is nothing to return (a paid
 * order cannot have one; it is recorded and skipped rather than retried forever).
 */
export const planStockReturn = (reservation: CheckoutReservation, xid: string): ReturnPlan => {
  switch (reservation.status) {
    case 'confirmed':
      return { action: 'return', lines: reservation.lines };
    case 'reserved':
      throw new AppError('FAILED_PRECONDITION', `the stock of transaction ${xid} is reserved but not sold yet; retry later`, {
        reason: 'NOT_YET_CONFIRMED',
        details: { xid },
      });
    case 'cancelled':
      return { action: 'skip', reason: 'RESERVATION_CANCELLED' };
    case 'absent':
      return { action: 'skip', reason: 'RESERVATION_ABSENT' };
  }
};
