import type { ProductEvents, StockReturnStore } from '../src/app/ports.js';
import type { ProductEvent } from '../src/domain/product-event.js';
import type { CheckoutReservation } from '../src/domain/stock-return.js';
import type { StockLevels } from '../src/domain/stock.js';

/** In-memory StockReturnStore: reservations by xid, SKU levels, processed event ids and RETURN rows. */
export class FakeStockReturnStore implements StockReturnStore {
  readonly reservations = new Map<string, CheckoutReservation>();
  readonly levels = new Map<string, StockLevels>();
  readonly processed = new Set<string>();
  readonly returns: { orderId: string; xid: string; skuId: string; quantity: number }[] = [];

  reservationOf: StockReturnStore['reservationOf'] = async (xid) => this.reservations.get(xid) ?? { status: 'absent', lines: [] };

  isProcessed: StockReturnStore['isProcessed'] = async (eventId) => this.processed.has(eventId);

  applyReturn: StockReturnStore['applyReturn'] = async (eventId, { orderId, xid, lines }) => {
    if (this.processed.has(eventId)) return 'duplicate';
    this.processed.add(eventId);
    for (const line of lines) {
      const sku = this.levels.get(line.skuId)!;
      sku.sold -= line.quantity;
      sku.available += line.quantity;
      this.returns.push({ orderId, xid, skuId: line.skuId, quantity: line.quantity });
    }
    return 'applied';
  };

  markProcessed: StockReturnStore['markProcessed'] = async (eventId) => {
    const first = !this.processed.has(eventId);
    this.processed.add(eventId);
    return first;
  };
}

/** ProductEvents that runs the local transaction and records the event only when it succeeded (as a commit). */
export class FakeProductEvents implements ProductEvents {
  readonly published: ProductEvent[] = [];
  async publishWith<T>(event: ProductEvent, localTransaction: () => Promise<T>): Promise<T> {
    const result = await localTransaction();
    this.published.push(event);
    return result;
  }
}
