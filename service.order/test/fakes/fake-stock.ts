import { AppError } from '@micro-ecommerce/pkg/errors';
import type { StockReservations } from '../../src/app/ports.js';
import type { RequestedItem } from '../../src/domain/order.js';

interface Units {
  available: number;
  reserved: number;
  sold: number;
}

/** An in-memory StockService with the participant's semantics (all-or-nothing try, idempotent per xid). */
export class FakeStock implements StockReservations {
  readonly units = new Map<string, Units>();
  readonly calls: { call: 'try' | 'confirm' | 'cancel'; xid: string }[] = [];
  private readonly reservations = new Map<string, { items: RequestedItem[]; state: 'reserved' | 'sold' | 'cancelled' }>();
  private readonly cancelledBeforeTry = new Set<string>();
  /** Every try takes this long (a slow product service). */
  tryDelayMs = 0;

  put(skuId: string, available: number): void {
    this.units.set(skuId, { available, reserved: 0, sold: 0 });
  }

  count(call: 'try' | 'confirm' | 'cancel', xid: string): number {
    return this.calls.filter((c) => c.call === call && c.xid === xid).length;
  }

  async tryReserve(xid: string, items: readonly RequestedItem[]): Promise<void> {
    this.calls.push({ call: 'try', xid });
    if (this.tryDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.tryDelayMs));
    if (this.cancelledBeforeTry.has(xid)) throw new AppError('ABORTED', 'cancelled', { reason: 'TRANSACTION_CANCELLED' });
    if (this.reservations.has(xid)) return;
    for (const item of items) {
      const units = this.units.get(item.skuId);
      if (!units) throw new AppError('NOT_FOUND', 'unknown SKU', { reason: 'SKU_NOT_FOUND' });
      if (units.available < item.quantity) throw new AppError('FAILED_PRECONDITION', 'not enough stock', { reason: 'OUT_OF_STOCK' });
    }
    for (const item of items) {
      const units = this.units.get(item.skuId)!;
      units.available -= item.quantity;
      units.reserved += item.quantity;
    }
    this.reservations.set(xid, { items: [...items], state: 'reserved' });
  }

  async confirm(xid: string): Promise<void> {
    this.calls.push({ call: 'confirm', xid });
    const reservation = this.reservations.get(xid);
    if (!reservation || reservation.state !== 'reserved') return;
    for (const item of reservation.items) {
      const units = this.units.get(item.skuId)!;
      units.reserved -= item.quantity;
      units.sold += item.quantity;
    }
    reservation.state = 'sold';
  }

  async cancel(xid: string): Promise<void> {
    this.calls.push({ call: 'cancel', xid });
    const reservation = this.reservations.get(xid);
    if (!reservation) {
      this.cancelledBeforeTry.add(xid);
      return;
    }
    if (reservation.state !== 'reserved') return;
    for (const item of reservation.items) {
      const units = this.units.get(item.skuId)!;
      units.reserved -= item.quantity;
      units.available += item.quantity;
    }
    reservation.state = 'cancelled';
  }
}
