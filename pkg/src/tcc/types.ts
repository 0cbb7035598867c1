import type { PoolClient } from 'pg';

/** A JSON value, as stored in the global transaction log. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * One branch of a global transaction, described by data so that any process can resume it after a crash:
 * `type` selects the handler, `payload` is everything the handler needs (e.g. SKU quantities, an amount).
 */
export interface Branch {
  id: string;
  type: string;
  payload: Json;
}

/**
 * The participant calls of one branch type. confirm and cancel may run more than once (in-line retries,
 * recovery after a crash, an expired lease) and cancel may run without a try: the participant must be
 * idempotent and handle empty rollback, which the barrier (withBarrier) provides.
 */
export interface BranchHandler {
  try(xid: string, payload: Json): Promise<void>;
  confirm(xid: string, payload: Json): Promise<void>;
  cancel(xid: string, payload: Json): Promise<void>;
}

/**
 * A branch whose participant shares the coordinator's database (the order branch of checkout): its try commits
 * in the transaction that logs the global transaction, its confirm in the one that records the decision, so
 * neither costs a round of its own (Seata's "branch state in the initiator's database"). It still has its
 * BranchHandler for cancel, for a confirm the decision could not carry, and for recovery.
 */
export interface LocalBranch {
  /** The id of the branch, in every request's branches, this participant serves. */
  branchId: string;
  /** Runs `begin` (which logs the global transaction) and this branch's try in one local transaction. */
  tryWith(xid: string, payload: Json, begin: (client: PoolClient) => Promise<void>): Promise<void>;
  /**
   * Runs `decide` and, when it answers true, this branch's confirm in one local transaction, together with what
   * must be atomic with the confirm (a transactional message); resolves with decide's answer. A throw leaves the
   * decision unknown: the coordinator reads the log.
   */
  confirmWith(xid: string, payload: Json, decide: (client: PoolClient) => Promise<boolean>): Promise<boolean>;
}

/** Handlers by branch type, e.g. { order, stock, payment }. */
export type TccHandlers = Readonly<Record<string, BranchHandler>>;

export type GlobalTxState = 'TRYING' | 'CONFIRMING' | 'CONFIRMED' | 'CANCELLING' | 'CANCELLED';

/** Phase two: the state a transaction is in while it runs, and the one it ends in. */
export type SecondPhase = 'CONFIRMING' | 'CANCELLING';

/** The terminal state a phase-two state leads to. */
export const terminalStateOf = (state: SecondPhase): 'CONFIRMED' | 'CANCELLED' => (state === 'CONFIRMING' ? 'CONFIRMED' : 'CANCELLED');

/** The participant call phase two makes in a given state. */
export const phaseCallOf = (state: SecondPhase): 'confirm' | 'cancel' => (state === 'CONFIRMING' ? 'confirm' : 'cancel');

/**
 * Test-only crash points: called with 'after-begin', 'after-try:<branchId>', 'after-tries', 'after-confirming',
 * 'before-phase-two' (background phase two, after run() answered), 'after-confirm:<branchId>', 'after-cancelling',
 * 'after-cancel:<branchId>'. A hook that throws (or exits the
 * process) stops the coordinator right there, leaving the log as a crash would.
 */
export type CrashHook = (step: string) => void;
