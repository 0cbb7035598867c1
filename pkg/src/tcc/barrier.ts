import type { PoolClient } from 'pg';

export type BranchPhase = 'try' | 'confirm' | 'cancel';

export interface BarrierKey {
  /** The global transaction id. */
  xid: string;
  /** The branch within it, e.g. "stock" or "payment". */
  branchId: string;
}

/**
 * What the barrier decided: `applied` ran the action; `duplicate` means this phase already ran (a retry);
 * `empty-rollback` is a cancel whose try never ran here (nothing to undo); `suspended` is a try that
 * arrived after its cancel and must not reserve anything.
 */
export type BarrierOutcome = 'applied' | 'duplicate' | 'empty-rollback' | 'suspended';

const insert = async (client: PoolClient, key: BarrierKey, phase: BranchPhase, reason = ''): Promise<boolean> => {
  const { rowCount } = await client.query(
    `INSERT INTO tcc_barrier (xid, branch_id, phase, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [key.xid, key.branchId, phase, reason],
  );
  return rowCount === 1;
};

/**
 * Runs a TCC phase's business change behind the participant barrier (the branch-barrier algorithm): the
 * barrier row and `action` share `client`'s local transaction, so either both commit or neither does.
 * - try: inserts (try); if the row exists the try already ran, or a cancel got there first → no action.
 * - confirm: inserts (confirm); if it exists this is a duplicate → no action.
 * - cancel: inserts (cancel); a duplicate does nothing. Then inserts (try): if that succeeds the try never ran,
 *   so there is nothing to undo (empty rollback) and the row now blocks the late try (anti-suspension).
 * The caller must run this inside BEGIN/COMMIT (withTransaction) and commit only when it resolves.
 */
export const withBarrier = async (
  client: PoolClient,
  key: BarrierKey,
  phase: BranchPhase,
  action: () => Promise<void>,
): Promise<BarrierOutcome> => {
  if (phase === 'try') {
    if (!(await insert(client, key, 'try'))) {
      const { rows } = await client.query<{ reason: string }>(
        `SELECT reason FROM tcc_barrier WHERE xid = $1 AND branch_id = $2 AND phase = 'try'`,
        [key.xid, key.branchId],
      );
      return rows[0]?.reason === 'cancelled-before-try' ? 'suspended' : 'duplicate';
    }
  } else if (phase === 'confirm') {
    if (!(await insert(client, key, 'confirm'))) return 'duplicate';
  } else {
    if (!(await insert(client, key, 'cancel'))) return 'duplicate';
    if (await insert(client, key, 'try', 'cancelled-before-try')) return 'empty-rollback';
  }
  await action();
  return 'applied';
};
