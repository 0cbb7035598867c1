import type { BarrierOutcome } from '@micro-ecommerce/pkg/tcc';
import type { ReservationStore } from '../src/app/ports.js';
import type { ReserveLine } from '../src/domain/reservation.js';
import type { StockLevels } from '../src/domain/stock.js';

/** In-memory ReservationStore with the barrier's rules (pkg/src/tcc/barrier.ts): SKU levels, reservations, phases seen. */
export class FakeReservationStore implements ReservationStore {
  readonly levels = new Map<string, StockLevels>();
  readonly reserved = new Map<string, ReserveLine[]>();
  // `${xid}:${phase}` → reason, like tcc_barrier rows.
  private readonly barrier = new Map<string, string>();

  private move(xid: string, from: 'reserved', to: 'sold' | 'available') {
    for (const line of this.reserved.get(xid) ?? []) {
      const sku = this.levels.get(line.skuId)!;
      sku[from] -= line.quantity;
      sku[to] += line.quantity;
    }
  }

  tryReserve: ReservationStore['tryReserve'] = async (xid, lines, check) => {
    const existing = this.barrier.get(`${xid}:try`);
    if (existing !== undefined) return existing === 'cancelled-before-try' ? 'suspended' : 'duplicate';
    // check throws before anything is recorded, as the rolled-back transaction leaves nothing.
    check(new Map(lines.filter((l) => this.levels.has(l.skuId)).map((l) => [l.skuId, { ...this.levels.get(l.skuId)! }])));
    this.barrier.set(`${xid}:try`, '');
    for (const line of lines) {
      const sku = this.levels.get(line.skuId)!;
      sku.available -= line.quantity;
      sku.reserved += line.quantity;
    }
    this.reserved.set(xid, [...lines]);
    return 'applied';
  };

  confirm: ReservationStore['confirm'] = async (xid): Promise<BarrierOutcome> => {
    if (this.barrier.has(`${xid}:confirm`)) return 'duplicate';
    this.barrier.set(`${xid}:confirm`, '');
    this.move(xid, 'reserved', 'sold');
    return 'applied';
  };

  cancel: ReservationStore['cancel'] = async (xid): Promise<{ outcome: BarrierOutcome; skuIds: string[] }> => {
    if (this.barrier.has(`${xid}:cancel`)) return { outcome: 'duplicate', skuIds: [] };
    this.barrier.set(`${xid}:cancel`, '');
    if (!this.barrier.has(`${xid}:try`)) {
      this.barrier.set(`${xid}:try`, 'cancelled-before-try');
      return { outcome: 'empty-rollback', skuIds: [] };
    }
    this.move(xid, 'reserved', 'available');
    return { outcome: 'applied', skuIds: (this.reserved.get(xid) ?? []).map((line) => line.skuId) };
  };
}
