-- Up Migration
-- TCC participant barrier (pkg/src/tcc/barrier.ts): one row per (global transaction, branch, phase), written in
-- the same local transaction as the business change. Its primary key makes confirm and cancel idempotent,
-- lets a cancel that arrives before its try succeed as an empty rollback, and makes a try that arrives after
-- its cancel do nothing (anti-suspension).
CREATE TABLE tcc_barrier (
  xid        text        NOT NULL,
  branch_id  text        NOT NULL,
  phase      text        NOT NULL CHECK (phase IN ('try', 'confirm', 'cancel')),
  -- 'cancel' written on a try row means "cancelled before any try": the try must not run later.
  reason     text        NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, branch_id, phase)
);

-- Down Migration
DROP TABLE tcc_barrier;
