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
 * 'after-confirm:<branchId>', 'after-cancelling', 'after-cancel:<branchId>'. A hook that throws (or exits the
 * process) stops the coordinator right there, leaving the log as a crash would.
 */
export type CrashHook = (step: string) => void;
