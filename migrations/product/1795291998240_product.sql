-- Up Migration
-- A deleted product's SKU rows are kept (the stock ledger and past orders refer to them) and marked instead;
-- every read of live SKUs filters on deleted_at IS NULL.
ALTER TABLE skus ADD COLUMN deleted_at timestamptz;

-- Down Migration
ALTER TABLE skus DROP COLUMN deleted_at;
