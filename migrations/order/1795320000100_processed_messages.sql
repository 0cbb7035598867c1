-- Up Migration
-- Events the order service's consumers have applied (pkg/src/rocketmq/process-once.ts): RefundIssued and
-- StockReturned. A row is written in the same transaction as the event's effect, so a redelivered event is
-- recognised and changes nothing.
CREATE TABLE processed_messages (
  consumer_group text        NOT NULL,
  message_id     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);

-- Down Migration
DROP TABLE processed_messages;
