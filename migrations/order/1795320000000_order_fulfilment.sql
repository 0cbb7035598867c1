-- Up Migration
-- The order after payment (DESIGN.md §10): PAID → ACCEPTED → SHIPPED → DELIVERED; PAID | ACCEPTED → CANCELLED by
-- the customer or staff → REFUNDED once payment (RefundIssued) and product (StockReturned) confirmed.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders DROP CONSTRAINT orders_check;
ALTER TABLE orders
  -- Who cancelled: the checkout (never paid) or, after payment, the customer or staff (a refund follows).
  ADD COLUMN cancelled_by      text CHECK (cancelled_by IN ('checkout', 'customer', 'staff')),
  -- When each confirmation of a paid cancellation's refund was consumed.
  ADD COLUMN refund_issued_at  timestamptz,
  ADD COLUMN stock_returned_at timestamptz;
UPDATE orders SET cancelled_by = 'checkout' WHERE status = 'CANCELLED';
ALTER TABLE orders
  ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PENDING', 'PAID', 'ACCEPTED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
  ADD CONSTRAINT orders_cancelled_check
    CHECK ((status IN ('CANCELLED', 'REFUNDED')) = (cancel_reason IS NOT NULL)
       AND (status IN ('CANCELLED', 'REFUNDED')) = (cancelled_by IS NOT NULL)),
  ADD CONSTRAINT orders_refund_check
    CHECK ((refund_issued_at IS NULL AND stock_returned_at IS NULL) OR cancelled_by IN ('customer', 'staff')),
  ADD CONSTRAINT orders_refunded_check
    CHECK (status <> 'REFUNDED' OR (cancelled_by IN ('customer', 'staff') AND refund_issued_at IS NOT NULL AND stock_returned_at IS NOT NULL));
-- Staff list every order of one status, newest first.
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC);

-- Every transition of an order, written in the transition's own local transaction (with its event's half
-- message outstanding): the transaction checker answers check-backs from it, and live streams (SSE) send its rows,
-- resuming after the last seq a client received. RefundIssued / StockReturned rows record the refund's
-- confirmations (status unchanged). One row per event type and order: each event happens at most once.
CREATE TABLE order_status_history (
  seq         bigserial   PRIMARY KEY,
  order_id    uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  status      text        NOT NULL CHECK (status IN ('PENDING', 'PAID', 'ACCEPTED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
  event_type  text        NOT NULL,
  -- The customer or staff member who made the change; null for the checkout and the consumed confirmations.
  actor_id    uuid,
  reason      text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, event_type)
);
CREATE INDEX order_status_history_order_seq_idx ON order_status_history (order_id, seq);

-- Orders paid or cancelled before the history existed get the row their checkout would have written.
INSERT INTO order_status_history (order_id, status, event_type, reason, occurred_at)
SELECT id, status, CASE status WHEN 'PAID' THEN 'OrderPaid' ELSE 'OrderCancelled' END, cancel_reason, updated_at
FROM orders WHERE status IN ('PAID', 'CANCELLED') ORDER BY updated_at, id;

-- Down Migration
DROP TABLE order_status_history;
DROP INDEX orders_status_created_idx;
ALTER TABLE orders DROP CONSTRAINT orders_refunded_check, DROP CONSTRAINT orders_refund_check,
  DROP CONSTRAINT orders_cancelled_check, DROP CONSTRAINT orders_status_check;
-- The old statuses: fulfilment collapses to PAID, a refunded order is CANCELLED.
UPDATE orders SET status = 'PAID' WHERE status IN ('ACCEPTED', 'SHIPPED', 'DELIVERED');
UPDATE orders SET status = 'CANCELLED' WHERE status = 'REFUNDED';
ALTER TABLE orders DROP COLUMN stock_returned_at, DROP COLUMN refund_issued_at, DROP COLUMN cancelled_by;
ALTER TABLE orders
  ADD CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'PAID', 'CANCELLED')),
  ADD CONSTRAINT orders_check CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL));
