import { makeCancelReserve } from './cancel-reserve.js';
import { makeConfirmReserve } from './confirm-reserve.js';
import type { ReservationStore, SkuViewFeed } from './ports.js';
import { makeTryReserveStock } from './try-reserve-stock.js';

/** The use cases of checkout's stock branch (StockService), wired to the reservation store. */
export const makeStockUseCases = (deps: { reservations: ReservationStore; skuViews: SkuViewFeed }) => ({
  tryReserveStock: makeTryReserveStock(deps),
  confirmReserve: makeConfirmReserve(deps),
  cancelReserve: makeCancelReserve(deps),
});

/** The stock-branch use cases, as the gRPC adapter sees them. */
export type StockUseCases = ReturnType<typeof makeStockUseCases>;
