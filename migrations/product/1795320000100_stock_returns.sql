-- Up Migration
-- Events the product service's consumers have applied (pkg/src/rocketmq/process-once.ts): a row is written in
-- the same transaction as the event's effect, so a redelivered event is recognised and changes nothing.
CREATE TABLE processed_messages (
  consumer_group text        NOT NULL,
  message_id     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);

-- stock_adjustments becomes the SKU's stock ledger: besides an admin's ADJUSTMENT (delta = change of the SKU's
-- total units) it records each RETURN of a cancelled paid order, whose units move from sold back to available.
-- A return leaves the total unchanged, so its delta is 0 and `available + reserved + sold = sum(delta)` keeps
-- holding unchanged; `quantity` is the number of units moved. One return per order and SKU, whatever the
-- consumer's processed_messages say (the unique index); order_id also answers StockReturned check-backs.
ALTER TABLE stock_adjustments ADD COLUMN kind text NOT NULL DEFAULT 'ADJUSTMENT' CHECK (kind IN ('ADJUSTMENT', 'RETURN'));
ALTER TABLE stock_adjustments ADD COLUMN order_id text;
ALTER TABLE stock_adjustments ADD COLUMN xid text;
ALTER TABLE stock_adjustments ADD COLUMN quantity bigint;
ALTER TABLE stock_adjustments ADD CONSTRAINT stock_adjustments_kind_fields_check CHECK (
  (kind = 'ADJUSTMENT' AND order_id IS NULL AND xid IS NULL AND quantity IS NULL)
  OR (kind = 'RETURN' AND delta = 0 AND order_id IS NOT NULL AND xid IS NOT NULL AND quantity > 0)
);
CREATE UNIQUE INDEX stock_adjustments_return_idx ON stock_adjustments (order_id, sku_id) WHERE kind = 'RETURN';
-- The SKU's stock history, newest first (GET /product/sku/:skuId/stock/history).
CREATE INDEX stock_adjustments_history_idx ON stock_adjustments (sku_id, id DESC);

-- Down Migration
DROP INDEX stock_adjustments_history_idx;
DROP INDEX stock_adjustments_return_idx;
DELETE FROM stock_adjustments WHERE kind = 'RETURN';
ALTER TABLE stock_adjustments DROP CONSTRAINT stock_adjustments_kind_fields_check;
ALTER TABLE stock_adjustments DROP COLUMN quantity;
ALTER TABLE stock_adjustments DROP COLUMN xid;
ALTER TABLE stock_adjustments DROP COLUMN order_id;
ALTER TABLE stock_adjustments DROP COLUMN kind;
DROP TABLE processed_messages;
