-- Up Migration
-- The inbox of every account: one row per (recipient, order event, kind), written by the order-events consumer in
-- the transaction that records the event as processed. The unique key makes a second write of the same
-- notification impossible even without that record; kind is part of it because a staff member who orders
-- receives both the customer's and the staff's notification of the same OrderPaid.
-- sent_at is the outbox: the message is sent after the commit and marked sent; rows still NULL are retried
-- (at start and periodically) until send_attempts reaches the service's limit.
CREATE TABLE notifications (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id   uuid        NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  order_id      text        NOT NULL,
  event_id      text        NOT NULL,
  kind          text        NOT NULL,
  subject       text        NOT NULL,
  body          text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  sent_at       timestamptz,
  send_attempts integer     NOT NULL DEFAULT 0,
  last_error    text,
  CONSTRAINT notifications_once UNIQUE (customer_id, event_id, kind)
);
-- GET /notifications: newest first per recipient, and the unread count.
CREATE INDEX notifications_inbox ON notifications (customer_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (customer_id) WHERE read_at IS NULL;
-- The outbox retry scans only what is still to send.
CREATE INDEX notifications_unsent ON notifications (created_at) WHERE sent_at IS NULL;

-- Down Migration
DROP TABLE notifications;
