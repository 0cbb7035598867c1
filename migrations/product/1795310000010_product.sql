-- Up Migration
-- What checkout's stock branch reserved under each global transaction (StockService.TryReserve), so confirm and
-- cancel move exactly those units without the coordinator resending them. Written in the same local transaction
-- as the skus change and the tcc_barrier row. Rows stay after confirm/cancel: the barrier, not their absence,
-- makes the phases idempotent, and they tell which checkout held or sold which units.
CREATE TABLE stock_reservations (
  xid        text        NOT NULL,
  sku_id     uuid        NOT NULL REFERENCES skus (id),
  quantity   bigint      NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, sku_id)
);
CREATE INDEX stock_reservations_sku_id_idx ON stock_reservations (sku_id);

-- Down Migration
DROP TABLE stock_reservations;
