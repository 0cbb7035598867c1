-- Up Migration
-- One row per product variant: the price and the stock that checkout reserves. The catalog document
-- (title, body, assets) lives in MongoDB; product_id is its id.
-- Stock moves available -> reserved -> sold; adjustments records every admin change so that
-- available + reserved + sold = sum(adjustments) can be checked at any time.
CREATE TABLE skus (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id  text        NOT NULL,
  price_cents bigint      NOT NULL CHECK (price_cents >= 0),
  available   bigint      NOT NULL DEFAULT 0 CHECK (available >= 0),
  reserved    bigint      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  sold        bigint      NOT NULL DEFAULT 0 CHECK (sold >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skus_product_id_idx ON skus (product_id);

CREATE TABLE stock_adjustments (
  id         bigserial   PRIMARY KEY,
  sku_id     uuid        NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
  delta      bigint      NOT NULL,
  reason     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_adjustments_sku_id_idx ON stock_adjustments (sku_id);

-- Down Migration
DROP TABLE stock_adjustments;
DROP TABLE skus;
