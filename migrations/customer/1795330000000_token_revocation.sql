-- Up Migration
-- token_version: every access and refresh token carries the version it was issued under; changing the e-mail or
-- the password bumps it, which revokes every earlier token (README "Security").
-- seeded: the account was created by the configured seeding (services.customer.admins / staff), the only accounts
-- seeding may change; an account someone signed up with is never adopted. Admin and staff accounts that exist
-- now were made or taken over by the seeding before this rule.
ALTER TABLE customers
  ADD COLUMN token_version integer NOT NULL DEFAULT 0,
  ADD COLUMN seeded boolean NOT NULL DEFAULT false;
UPDATE customers SET seeded = true WHERE role <> 'customer';

-- Refresh tokens, rotated on every use: the token is "<id>.<secret>", only a SHA-256 of the secret is stored. A
-- token used a second time is a replay: its whole family (every token descended from one login) is revoked.
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  secret_sha256 bytea NOT NULL,
  token_version integer NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_customer ON refresh_tokens (customer_id);

-- Down Migration
DROP TABLE refresh_tokens;
ALTER TABLE customers DROP COLUMN seeded, DROP COLUMN token_version;
