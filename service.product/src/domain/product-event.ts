/** The `source` of every envelope the product service publishes. */
export const PRODUCT_EVENT_SOURCE = 'product';

/** data of StockReturned: the units of a cancelled paid order that went from sold back to available. */
export interface StockReturnedData {
  order_id: string;
  xid: string;
  items: { sku_id: string; quantity: number }[];
}

/** A product-events envelope (DESIGN.md §7); its id is deterministic so consumers can dedupe a re-publication. */
export interface ProductEvent {
  id: string;
  type: 'StockReturned';
  occurred_at: string;
  source: string;
  data: StockReturnedData;
}

/** The StockReturned envelope of an order: id `StockReturned:<order_id>`. */
export const stockReturned = (data: StockReturnedData, occurredAt: Date): ProductEvent => ({
  id: `StockReturned:${data.order_id}`,
  type: 'StockReturned',
  occurred_at: occurredAt.toISOString(),
  source: PRODUCT_EVENT_SOURCE,
  data,
});

/**
 * How long a half message may wait for its local transaction: the return's transaction (a few row locks behind
 * concurrent checkouts) ends far sooner, so a half message this old without its effect never gets one.
 */
export const LOCAL_TRANSACTION_WINDOW_MS = 60_000;

/**
 * How a StockReturned half message resolves: COMMIT when the order's return rows exist, UNKNOWN while the local
 * transaction may still commit (the envelope is younger than the window), ROLLBACK otherwise (then the broker
 * redelivers the OrderCancelled, whose handling publishes again). Other types are never published here: ROLLBACK.
 */
export const decideStockReturned = (type: string, returned: boolean, occurredAt: string, now: Date): 'COMMIT' | 'ROLLBACK' | 'UNKNOWN' => {
  if (type !== 'StockReturned') return 'ROLLBACK';
  if (returned) return 'COMMIT';
  const age = now.getTime() - Date.parse(occurredAt);
  // An unparsable occurred_at (NaN) is not ours to wait for.
  return age < LOCAL_TRANSACTION_WINDOW_MS ? 'UNKNOWN' : 'ROLLBACK';
};
