-- Up Migration
-- The TCC coordinator's global transaction log (pkg/src/tcc). Branches are stored as data ({id, type, payload})
-- so that any order replica can finish a transaction another one started, after a crash. The coordinator
-- writes it around each phase; the recovery worker claims due rows with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE tcc_global_tx (
  xid             text        PRIMARY KEY,
  state           text        NOT NULL CHECK (state IN ('TRYING', 'CONFIRMING', 'CONFIRMED', 'CANCELLING', 'CANCELLED')),
  branches        jsonb       NOT NULL,
  -- Why the transaction is cancelled (OUT_OF_STOCK, INSUFFICIENT_FUNDS, TIMEOUT...); null while it may confirm.
  reason          text,
  deadline        timestamptz NOT NULL,
  -- Failed phase-two rounds so far; drives the exponential backoff of next_attempt_at.
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When recovery may next work on the row: the deadline while TRYING, then the end of a lease or a backoff.
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (state NOT IN ('CANCELLING', 'CANCELLED') OR reason IS NOT NULL)
);
-- Only unfinished rows are ever scanned by recovery; terminal rows (the vast majority) stay out of the index.
CREATE INDEX tcc_global_tx_due_idx ON tcc_global_tx (state, next_attempt_at)
  WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING');

-- Down Migration
DROP TABLE tcc_global_tx;
