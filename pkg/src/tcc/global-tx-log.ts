import type { Pool, PoolClient } from 'pg';
import type { Branch, GlobalTxState, SecondPhase } from './types.js';

/** One row of tcc_global_tx. */
export interface GlobalTx {
  xid: string;
  state: GlobalTxState;
  branches: Branch[];
  reason: string | null;
  attempts: number;
  lastError: string | null;
}

interface Row {
  xid: string;
  state: GlobalTxState;
  branches: Branch[];
  reason: string | null;
  attempts: number;
  last_error: string | null;
}

const toGlobalTx = (row: Row): GlobalTx => ({
  xid: row.xid,
  state: row.state,
  branches: row.branches,
  reason: row.reason,
  attempts: row.attempts,
  lastError: row.last_error,
});

// Every time is the database's clock: replicas with skewed clocks still agree on deadlines and leases.
const inMs = (param: string) => `now() + make_interval(secs => ${param}::double precision / 1000)`;
const COLUMNS = 'xid, state, branches, reason, attempts, last_error';

/** Records a new global transaction in TRYING; recovery may cancel it once `timeoutMs` have passed. */
export const insertGlobalTx = async (pool: Pool | PoolClient, xid: string, branches: Branch[], timeoutMs: number): Promise<void> => {
  await pool.query(
    `INSERT INTO tcc_global_tx (xid, state, branches, deadline, next_attempt_at)
     VALUES ($1, 'TRYING', $2::jsonb, ${inMs('$3')}, ${inMs('$3')})`,
    [xid, JSON.stringify(branches), timeoutMs],
  );
};

/** The transaction, or undefined if the log has no such xid. */
export const readGlobalTx = async (pool: Pool, xid: string): Promise<GlobalTx | undefined> => {
  const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM tcc_global_tx WHERE xid = $1`, [xid]);
  return rows[0] === undefined ? undefined : toGlobalTx(rows[0]);
};

/**
 * TRYING → CONFIRMING, only while the deadline has not passed: checked and written atomically, so recovery
 * (which cancels TRYING rows past their deadline) and the coordinator can never take both roads. Holds the row
 * for `leaseMs` so recovery leaves the in-line confirm alone. False when the transaction may no longer confirm.
 */
export const markConfirming = async (pool: Pool | PoolClient, xid: string, leaseMs: number): Promise<boolean> => {
  const { rowCount } = await pool.query(
    `UPDATE tcc_global_tx SET state = 'CONFIRMING', next_attempt_at = ${inMs('$2')}, updated_at = now()
     WHERE xid = $1 AND state = 'TRYING' AND deadline > now()`,
    [xid, leaseMs],
  );
  return rowCount === 1;
};

/**
 * TRYING → CANCELLING with `reason`, holding the row for `leaseMs`. When recovery got there first the row keeps
 * its state and reason; either way the row as it now stands is returned.
 */
export const markCancelling = async (pool: Pool, xid: string, reason: string, leaseMs: number): Promise<GlobalTx> => {
  const { rows } = await pool.query<Row>(
    `UPDATE tcc_global_tx SET state = 'CANCELLING', reason = $2, next_attempt_at = ${inMs('$3')}, updated_at = now()
     WHERE xid = $1 AND state = 'TRYING' RETURNING ${COLUMNS}`,
    [xid, reason, leaseMs],
  );
  const row = rows[0] === undefined ? await readGlobalTx(pool, xid) : toGlobalTx(rows[0]);
  if (row === undefined) throw new Error(`global transaction ${xid} vanished from the log`);
  return row;
};

/**
 * Phase two finished: CONFIRMING → CONFIRMED or CANCELLING → CANCELLED. False when someone else did it first (a
 * no-op), so that exactly one process counts the final state.
 */
export const markDone = async (pool: Pool, xid: string, from: SecondPhase): Promise<boolean> => {
  const { rowCount } = await pool.query(
    `UPDATE tcc_global_tx SET state = $3, last_error = NULL, updated_at = now() WHERE xid = $1 AND state = $2`,
    [xid, from, from === 'CONFIRMING' ? 'CONFIRMED' : 'CANCELLED'],
  );
  return rowCount === 1;
};

/** Phase two failed a round: counts it, records why, and leaves the row to recovery after `delayMs`. */
export const markRetry = async (pool: Pool, xid: string, from: SecondPhase, attempts: number, delayMs: number, error: string) => {
  await pool.query(
    `UPDATE tcc_global_tx SET attempts = $3, next_attempt_at = ${inMs('$4')}, last_error = $5, updated_at = now()
     WHERE xid = $1 AND state = $2`,
    [xid, from, attempts, delayMs, error],
  );
};

/**
 * Claims up to `batchSize` due transactions whose branch types all have a handler here, in one statement:
 * TRYING past its deadline becomes CANCELLING (reason TIMEOUT); every claimed row is leased for `leaseMs`.
 * SKIP LOCKED lets concurrent workers take disjoint rows; the lease keeps them apart after the commit.
 */
export const claimDueGlobalTxs = async (pool: Pool, types: string[], batchSize: number, leaseMs: number): Promise<GlobalTx[]> => {
  const { rows } = await pool.query<Row>(
    `UPDATE tcc_global_tx t SET
       state = CASE WHEN t.state = 'TRYING' THEN 'CANCELLING' ELSE t.state END,
       reason = CASE WHEN t.state = 'TRYING' THEN 'TIMEOUT' ELSE t.reason END,
       next_attempt_at = ${inMs('$3')}, updated_at = now()
     FROM (
       SELECT xid FROM tcc_global_tx
       WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING') AND next_attempt_at <= now()
         AND (state <> 'TRYING' OR deadline < now())
         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(branches) b WHERE NOT (b->>'type' = ANY($1::text[])))
       ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ) due
     WHERE t.xid = due.xid
     RETURNING ${COLUMNS.split(', ')
       .map((column) => `t.${column}`)
       .join(', ')}`,
    [types, batchSize, leaseMs],
  );
  return rows.map(toGlobalTx);
};
