import { AppError } from '@micro-ecommerce/pkg/errors';
import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import { checkReservation, reserveLines, transactionId, type ReserveLine } from '../domain/reservation.js';
import type { ReservationStore, SkuViewFeed } from './ports.js';

/** The try phase of checkout's stock branch: hold these units for global transaction `xid`. */
export interface TryReserveStockCommand {
  xid: string;
  items: readonly ReserveLine[];
}

/**
 * Reserves every item or none (OUT_OF_STOCK / SKU_NOT_FOUND leave nothing behind). A retried try answers success
 * without reserving twice. A try arriving after its cancel is refused with ABORTED (TRANSACTION_CANCELLED): success
 * would tell the coordinator units are held when none are.
 */
export const makeTryReserveStock =
  ({ reservations, skuViews }: { reservations: ReservationStore; skuViews: SkuViewFeed }) =>
  async (command: TryReserveStockCommand): Promise<BarrierOutcome> => {
    const xid = transactionId(command.xid);
    const lines = reserveLines(command.items);
    const outcome = await reservations.tryReserve(xid, lines, (levels) => checkReservation(lines, levels));
    if (outcome === 'suspended')
      throw new AppError('ABORTED', `transaction ${xid} was cancelled before its stock was reserved`, {
        reason: 'TRANSACTION_CANCELLED',
        details: { xid },
      });
    if (outcome === 'applied') skuViews.skuViewsChanged(lines.map((line) => line.skuId));
    return outcome;
  };
