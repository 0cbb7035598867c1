import type { StockLedgerEntry } from '../../../domain/stock-ledger.js';

/** A stock_adjustments row as PostgreSQL returns it (int8 as bigint). */
export interface LedgerRow {
  id: bigint;
  kind: 'ADJUSTMENT' | 'RETURN';
  delta: bigint;
  reason: string;
  order_id: string | null;
  xid: string | null;
  quantity: bigint | null;
  created_at: Date;
}

/** The ledger entry of a row; the table's CHECK guarantees a RETURN carries its order, xid and quantity. */
export const toLedgerEntry = (row: LedgerRow): StockLedgerEntry =>
  row.kind === 'RETURN'
    ? {
        id: Number(row.id),
        kind: 'RETURN',
        delta: 0,
        quantity: Number(row.quantity),
        orderId: row.order_id!,
        xid: row.xid!,
        reason: row.reason,
        createdAt: row.created_at,
      }
    : { id: Number(row.id), kind: 'ADJUSTMENT', delta: Number(row.delta), reason: row.reason, createdAt: row.created_at };
