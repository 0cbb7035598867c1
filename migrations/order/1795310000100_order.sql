-- Up Migration
-- Every order is created by the order branch of one checkout global transaction (pkg/src/tcc): its xid lets
-- the branch's confirm and cancel find the order again, in-line or from the recovery worker after a crash.
ALTER TABLE orders ADD COLUMN xid text;
CREATE UNIQUE INDEX orders_xid ON orders (xid) WHERE xid IS NOT NULL;

-- Down Migration
DROP INDEX orders_xid;
ALTER TABLE orders DROP COLUMN xid;
