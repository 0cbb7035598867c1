-- Up Migration
-- Issue 20 (money minted through referral commissions). A commission is now earned once its order ships, and a
-- shipped order can no longer be cancelled, so new commissions are never reversed. One earned on payment under
-- the old rule can still be, and a reversal that took only what the balance held wrote the rest off: spending the
-- commission and cancelling both orders minted it. A reversal now takes the whole amount, so the balance may go
-- below zero (a debt every later credit pays off first; a negative balance freezes nothing). Frozen and debited
-- stay non-negative. shortfall_cents stays for the reversals written before (always 0 from now on).
ALTER TABLE wallets DROP CONSTRAINT wallets_balance_cents_check;

-- The orders this service saw ship (OrderShipped from order-events): a CommissionEarned is credited only for one
-- of them, to a referrer other than its buyer, and never more than its total, whatever the event says.
CREATE TABLE shipped_orders (
  order_id    uuid        PRIMARY KEY,
  customer_id uuid        NOT NULL,
  total_cents bigint      NOT NULL CHECK (total_cents >= 0),
  shipped_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE shipped_orders;
ALTER TABLE wallets ADD CONSTRAINT wallets_balance_cents_check CHECK (balance_cents >= 0);
