import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import { transactionId } from '../domain/reservation.js';
import type { ReservationStore, SkuViewFeed } from './ports.js';

/**
 * The cancel phase of checkout's stock branch: the units reserved under `xid` return to available. Idempotent;
 * a cancel whose try never arrived succeeds (empty rollback) and makes that try refuse to run later.
 */
export const makeCancelReserve =
  ({ reservations, skuViews }: { reservations: ReservationStore; skuViews: SkuViewFeed }) =>
  async (xid: string): Promise<BarrierOutcome> => {
    const { outcome, skuIds } = await reservations.cancel(transactionId(xid));
    // The released units are available again.
    skuViews.skuViewsChanged(skuIds);
    return outcome;
  };
