/**
 * One row of a SKU's stock ledger (stock_adjustments): an admin's ADJUSTMENT changes the SKU's total units by
 * `delta` (the initial stock is the first one); a RETURN moves `quantity` units of a cancelled paid order from
 * sold back to available, leaving the total unchanged (delta 0).
 */
export type StockLedgerEntry =
  | { id: number; kind: 'ADJUSTMENT'; delta: number; reason: string; createdAt: Date }
  | { id: number; kind: 'RETURN'; delta: 0; quantity: number; orderId: string; xid: string; reason: string; createdAt: Date };

/** The reason a return's ledger row records. */
export const returnReason = (orderId: string): string => `order ${orderId} cancelled after payment`;
