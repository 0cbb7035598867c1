-- Up Migration
-- Orders with a price snapshot per line. An order is PENDING while its checkout runs, then PAID or
-- CANCELLED (with the reason). (customer_id, idempotency_key) makes a retried checkout return the same order.
CREATE TABLE orders (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id     uuid        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'PAID', 'CANCELLED')),
  cancel_reason   text,
  total_cents     bigint      NOT NULL CHECK (total_cents >= 0),
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL))
);
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC);
CREATE UNIQUE INDEX orders_idempotency_key ON orders (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE order_items (
  order_id         uuid   NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  sku_id           uuid   NOT NULL,
  title            text   NOT NULL,
  quantity         bigint NOT NULL CHECK (quantity > 0),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, sku_id)
);

-- Down Migration
DROP TABLE order_items;
DROP TABLE orders;
