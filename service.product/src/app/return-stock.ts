import { stockReturned } from '../domain/product-event.js';
import { transactionId } from '../domain/reservation.js';
import { planStockReturn } from '../domain/stock-return.js';
import type { Clock, ProductEvents, SkuViewFeed, StockReturnStore } from './ports.js';

/** A cancelled paid order whose sold units go back to stock; `eventId` is the OrderCancelled envelope's id. */
export interface ReturnStockCommand {
  eventId: string;
  orderId: string;
  xid: string;
}

/** What a return did: units moved (RETURNED), an event seen before (DUPLICATE), or nothing to return. */
export type ReturnStockOutcome = 'RETURNED' | 'DUPLICATE' | 'RESERVATION_ABSENT' | 'RESERVATION_CANCELLED';

/** What returning stock needs. */
export interface ReturnStockDeps {
  returns: StockReturnStore;
  events: ProductEvents;
  skuViews: SkuViewFeed;
  clock: Clock;
}

/**
 * Returns the units a cancelled paid order's checkout sold (its stock_reservations rows, once its TCC confirm
 * ran) from sold to available, once per order, and publishes StockReturned in the same local transaction.
 * Throws NOT_YET_CONFIRMED while the confirm is still pending, so the event is redelivered later.
 *
 * The reservation is read before the transactional message starts: its rows never change after the try and a
 * confirm is never undone, so what was read still holds inside the transaction, and the event's items are
 * known before its half message is sent. An event already processed announces StockReturned again (below); one
 * processed concurrently by another replica may publish it twice with the same id, which consumers dedupe.
 */
export const makeReturnStock =
  ({ returns, events, skuViews, clock }: ReturnStockDeps) =>
  async (command: ReturnStockCommand): Promise<ReturnStockOutcome> => {
    const xid = transactionId(command.xid);
    const processed = await returns.isProcessed(command.eventId);
    const plan = planStockReturn(await returns.reservationOf(xid), xid);
    if (plan.action === 'skip') return processed || !(await returns.markProcessed(command.eventId)) ? 'DUPLICATE' : plan.reason;

    const event = stockReturned(
      {
        order_id: command.orderId,
        xid,
        items: plan.lines.map((line) => ({ sku_id: line.skuId, quantity: line.quantity })),
      },
      clock.now(),
    );
    // Processed before with a confirmed reservation means returned before. The event is announced again (same id,
    // consumers drop the copy): the first announcement's half message may have died with the process after the
    // return's commit, and the broker's check-backs give up after a while, which would leave the order short of
    // REFUNDED forever. Redeliveries happen exactly when a process died before acknowledging.
    if (processed) {
      await events.publishWith(event, async () => undefined);
      return 'DUPLICATE';
    }
    const applied = await events.publishWith(event, () =>
      returns.applyReturn(command.eventId, { orderId: command.orderId, xid, lines: plan.lines }),
    );
    if (applied === 'duplicate') return 'DUPLICATE';
    skuViews.skuViewsChanged(plan.lines.map((line) => line.skuId));
    return 'RETURNED';
  };

/** The return use case, as the event consumer sees it. */
export type ReturnStock = ReturnType<typeof makeReturnStock>;
