-- Up Migration
-- A checkout's debit is keyed by its global transaction id, so confirm and cancel find the frozen amount and a
-- retried try cannot freeze twice.
ALTER TABLE payments ADD COLUMN xid text;
CREATE UNIQUE INDEX payments_xid_idx ON payments (xid) WHERE xid IS NOT NULL;

-- A top-up's Idempotency-Key (per customer): a replayed request finds its first answer instead of charging again.
ALTER TABLE payments ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX payments_customer_idempotency_idx ON payments (customer_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Why a payment FAILED (e.g. CARD_DECLINED), so a replay answers the same refusal.
ALTER TABLE payments ADD COLUMN failure_reason text;
ALTER TABLE payments ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Down Migration
ALTER TABLE payments DROP COLUMN updated_at;
ALTER TABLE payments DROP COLUMN failure_reason;
DROP INDEX payments_customer_idempotency_idx;
ALTER TABLE payments DROP COLUMN idempotency_key;
DROP INDEX payments_xid_idx;
ALTER TABLE payments DROP COLUMN xid;
