-- Up Migration
-- Events the payment service's consumers have applied (pkg/src/rocketmq/process-once.ts): a row is written in
-- the same transaction as the event's effect, so a redelivered event is recognised and changes nothing.
CREATE TABLE processed_messages (
  consumer_group text        NOT NULL,
  message_id     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);

-- After payment (DESIGN.md §10): REFUND gives a cancelled order's debit back (debited -> balance), COMMISSION
-- credits a referrer for a referred customer's paid order, COMMISSION_REVERSAL takes it back when that order is
-- refunded. Each is correlated by the order id and happens at most once per order (the unique index), whatever
-- the consumers' processed_messages say.
ALTER TABLE payments DROP CONSTRAINT payments_kind_check;
ALTER TABLE payments ADD CONSTRAINT payments_kind_check
  CHECK (kind IN ('TOPUP', 'DEBIT', 'REFUND', 'COMMISSION', 'COMMISSION_REVERSAL'));
ALTER TABLE payments ADD COLUMN order_id uuid;
ALTER TABLE payments ADD CONSTRAINT payments_order_id_check CHECK (kind IN ('TOPUP', 'DEBIT') OR order_id IS NOT NULL);
CREATE UNIQUE INDEX payments_order_kind_idx ON payments (order_id, kind) WHERE order_id IS NOT NULL;

-- A reversal takes what the balance holds and never makes it negative: the part it could not take is recorded
-- here (taken = amount_cents - shortfall_cents).
ALTER TABLE payments ADD COLUMN shortfall_cents bigint NOT NULL DEFAULT 0
  CHECK (shortfall_cents >= 0 AND shortfall_cents <= amount_cents AND (shortfall_cents = 0 OR kind = 'COMMISSION_REVERSAL'));

-- A CommissionReversed that arrived before its CommissionEarned (events of different messages arrive in any
-- order): the later earning finds the tombstone and credits nothing. Neither shows in the history.
CREATE TABLE commission_tombstones (
  order_id     uuid        PRIMARY KEY,
  referrer_id  uuid        NOT NULL,
  amount_cents bigint      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE commission_tombstones;
ALTER TABLE payments DROP COLUMN shortfall_cents;
DROP INDEX payments_order_kind_idx;
ALTER TABLE payments DROP CONSTRAINT payments_order_id_check;
ALTER TABLE payments DROP COLUMN order_id;
ALTER TABLE payments DROP CONSTRAINT payments_kind_check;
ALTER TABLE payments ADD CONSTRAINT payments_kind_check CHECK (kind IN ('TOPUP', 'DEBIT'));
DROP TABLE processed_messages;
