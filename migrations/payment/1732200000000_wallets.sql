-- Up Migration
-- One wallet per customer. A checkout moves money balance -> frozen (try), then frozen -> debited
-- (confirm) or back to balance (cancel), so balance + frozen + debited = sum of top-ups at all times.
CREATE TABLE wallets (
  customer_id   uuid        PRIMARY KEY,
  balance_cents bigint      NOT NULL DEFAULT 0 CHECK (balance_cents >= 0),
  frozen_cents  bigint      NOT NULL DEFAULT 0 CHECK (frozen_cents >= 0),
  debited_cents bigint      NOT NULL DEFAULT 0 CHECK (debited_cents >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every money movement: TOPUP (through the payment provider) or DEBIT (a checkout). No card data is stored,
-- only the provider's reference.
CREATE TABLE payments (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id  uuid        NOT NULL REFERENCES wallets (customer_id),
  kind         text        NOT NULL CHECK (kind IN ('TOPUP', 'DEBIT')),
  amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
  status       text        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  reference    text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_customer_created_idx ON payments (customer_id, created_at DESC);

-- Down Migration
DROP TABLE payments;
DROP TABLE wallets;
