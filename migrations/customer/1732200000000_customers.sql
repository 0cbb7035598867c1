-- Up Migration
-- Accounts of the customer service. Emails are stored normalised (trimmed, lower-case) by the service;
-- the unique index on lower(email) still guards against a writer that forgets.
CREATE TABLE customers (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  email          text        NOT NULL,
  password_hash  text        NOT NULL,
  name           text        NOT NULL DEFAULT '',
  role           text        NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
  loyalty_points bigint      NOT NULL DEFAULT 0 CHECK (loyalty_points >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

-- Down Migration
DROP TABLE customers;
