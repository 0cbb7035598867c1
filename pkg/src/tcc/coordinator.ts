import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/index.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { insertGlobalTx, markCancelling, markConfirming, markDone, markRetry } from './global-tx-log.js';
import { runPhaseTwo, type PhaseTwoRetry } from './run-phase-two.js';
import { tccMetrics } from './tcc-metrics.js';
import { terminalStateOf, type Branch, type CrashHook, type LocalBranch, type SecondPhase, type TccHandlers } from './types.js';

export interface TccCoordinatorOptions {
  /** A pool on the database holding tcc_global_tx (the order database). */
  pool: Pool;
  handlers: TccHandlers;
  logger: Logger;
  /** How long in-line phase two keeps recovery away from the transaction; must exceed its retries. */
  leaseMs?: number;
  /** In-line phase-two retries per branch before the transaction is left to recovery. */
  retry?: PhaseTwoRetry;
  /** When recovery first retries a transaction whose in-line phase two failed. */
  backoff?: BackoffOptions;
  crashAt?: CrashHook;
  /** The branch whose participant shares this database: its try and confirm ride on the log's own transactions. */
  local?: LocalBranch;
  /**
   * 'background': once a confirm decision is durable run() answers, and phase two finishes behind it (recovery
   * finishes it if this process stops first). 'inline' (default): run() waits for phase two.
   */
  phaseTwo?: 'inline' | 'background';
}

export interface TccRunRequest {
  /** Defaults to a random UUID. */
  xid?: string;
  /** Tried in this order; list the branch most likely to refuse first. */
  branches: Branch[];
  /** Time allowed for all the tries; past it the transaction is cancelled with reason TIMEOUT. */
  timeoutMs: number;
  /** Runs once the transaction is logged and before the first try; a throw cancels like a failed try. */
  beforeTry?: (xid: string) => Promise<void>;
}

/**
 * CONFIRMING / CANCELLING: phase two is still running (in the background) or could not finish in-line and
 * recovery will. `localConfirmed`: the local branch's confirm committed with the decision.
 */
export type TccResult =
  | { xid: string; state: 'CONFIRMED' | 'CONFIRMING'; localConfirmed: boolean }
  | { xid: string; state: 'CANCELLED' | 'CANCELLING'; reason: string; error: AppError };

export interface TccCoordinator {
  run(request: TccRunRequest): Promise<TccResult>;
}

const asAppError = (error: unknown): AppError =>
  isAppError(error) ? error : new AppError('INTERNAL', 'a transaction branch failed', { reason: 'INTERNAL', cause: error });

const timeoutError = () =>
  new AppError('DEADLINE_EXCEEDED', 'the transaction did not complete its tries before its deadline', { reason: 'TIMEOUT' });

const checkBranches = (branches: Branch[], handlers: TccHandlers) => {
  if (branches.length === 0) throw new AppError('INVALID_ARGUMENT', 'a global transaction needs at least one branch');
  if (new Set(branches.map((branch) => branch.id)).size !== branches.length)
    throw new AppError('INVALID_ARGUMENT', 'branch ids must be unique within a global transaction');
  const unknown = branches.find((branch) => handlers[branch.type] === undefined);
  if (unknown) throw new AppError('INTERNAL', `no TCC handler for branch type ${unknown.type}`);
};

/**
 * The TCC coordinator (DESIGN.md §6). `run` logs the transaction (TRYING), tries every branch one after the
 * other, stopping at the first refusal or at the deadline, then confirms or cancels every branch (in parallel),
 * logging each phase before acting so that recovery (startTccRecovery) can finish the work of a process that
 * stopped. Tries run in order rather than concurrently: a refusal spares the later participants, and the local
 * branch exists before money or stock move. A try still running at the deadline is abandoned, not awaited: the
 * participant's barrier undoes it on cancel, or refuses it if it arrives after the cancel.
 * With a `local` branch, the log's begin carries its try and the decision carries its confirm (see LocalBranch);
 * a local confirm that cannot ride on the decision (its broker is down) is left to phase two like any other.
 */
export const createTccCoordinator = (options: TccCoordinatorOptions): TccCoordinator => {
  const { pool, handlers, logger, crashAt } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const retryPolicy = options.retry ?? { attempts: 3, initialDelayMs: 20, maxDelayMs: 200 };
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const crash = (step: string) => crashAt?.(step);
  const metrics = tccMetrics();
  const { local } = options;
  const background = options.phaseTwo === 'background';

  const tryAll = async (request: TccRunRequest, xid: string, remote: Branch[]): Promise<AppError | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError()), request.timeoutMs);
    });
    const settle = async (work: Promise<void>): Promise<AppError | undefined> => {
      work.catch(() => {}); // a try abandoned at the deadline may still fail later: nobody is listening
      return Promise.race([work, deadline]).then(() => undefined, asAppError);
    };
    try {
      if (request.beforeTry) {
        const failure = await settle(request.beforeTry(xid));
        if (failure) return failure;
      }
      for (const branch of remote) {
        const failure = await settle(handlers[branch.type]!.try(xid, branch.payload));
        if (failure) return failure;
        crash(`after-try:${branch.id}`);
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      deadline.catch(() => {});
    }
  };

  const finish = async (xid: string, branches: Branch[], state: SecondPhase): Promise<boolean> => {
    const failure = await runPhaseTwo({ xid, state, branches, handlers, retry: retryPolicy, logger, crashAt });
    if (failure === undefined) {
      if (await markDone(pool, xid, state)) metrics.finished(terminalStateOf(state), 'coordinator');
      logger.info({ xid, state: terminalStateOf(state) }, 'tcc transaction finished');
      return true;
    }
    await markRetry(pool, xid, state, 1, backoffDelayMs(1, backoff), failure.message);
    logger.warn({ xid, state }, 'tcc phase two left to recovery');
    return false;
  };

  // The decision to confirm, with the local branch's confirm when it can ride on it.
  const decideConfirm = async (xid: string, localBranch: Branch | undefined): Promise<{ decided: boolean; localConfirmed: boolean }> => {
    if (local !== undefined && localBranch !== undefined) {
      try {
        const decided = await local.confirmWith(xid, localBranch.payload, (client) => markConfirming(client, xid, leaseMs));
        return { decided, localConfirmed: decided };
      } catch (error) {
        logger.warn({ err: error, xid }, 'tcc local confirm could not ride on the decision; deciding alone');
      }
    }
    return { decided: await markConfirming(pool, xid, leaseMs), localConfirmed: false };
  };

  const confirmAll = async (xid: string, branches: Branch[], localConfirmed: boolean): Promise<TccResult> => {
    const pending = localConfirmed ? branches.filter((branch) => branch.id !== local?.branchId) : branches;
    if (!background) return { xid, state: (await finish(xid, pending, 'CONFIRMING')) ? 'CONFIRMED' : 'CONFIRMING', localConfirmed };
    // After the caller's answer went out; the lease keeps recovery away meanwhile, and takes over if this fails.
    setImmediate(() => {
      try {
        crash('before-phase-two');
      } catch {
        return; // a test's crash hook: phase two stops here, as if the process had
      }
      finish(xid, pending, 'CONFIRMING').catch((error: unknown) => logger.error({ err: error, xid }, 'tcc phase two failed'));
    });
    return { xid, state: 'CONFIRMING', localConfirmed };
  };

  const begin = async (db: Parameters<typeof insertGlobalTx>[0], xid: string, request: TccRunRequest) =>
    insertGlobalTx(db, xid, request.branches, request.timeoutMs).catch((error: { code?: string }) => {
      throw error.code === '23505' ? new AppError('ALREADY_EXISTS', `global transaction ${xid} already exists`) : error;
    });

  return {
    async run(request) {
      checkBranches(request.branches, handlers);
      const xid = request.xid ?? randomUUID();
      const localBranch = local === undefined ? undefined : request.branches.find((branch) => branch.id === local.branchId);
      if (local !== undefined && localBranch !== undefined) {
        // One local transaction: when the local try refuses, nothing is logged and no branch moved.
        let logged = false;
        const refusal = await local
          .tryWith(xid, localBranch.payload, async (client) => {
            await begin(client, xid, request);
            logged = true;
          })
          .then(() => undefined, asAppError);
        if (refusal !== undefined) {
          if (!logged) throw refusal; // the log itself failed (a duplicate xid, the database)
          return { xid, state: 'CANCELLED', reason: refusal.reason, error: refusal };
        }
      } else await begin(pool, xid, request);
      crash('after-begin');
      const remote = request.branches.filter((branch) => branch !== localBranch);
      let failure = await tryAll(request, xid, remote);
      if (failure === undefined) {
        crash('after-tries');
        const { decided, localConfirmed } = await decideConfirm(xid, localBranch);
        if (decided) {
          crash('after-confirming');
          return confirmAll(xid, request.branches, localConfirmed);
        }
        failure = timeoutError(); // the deadline passed between the last try and the log update
      }
      const row = await markCancelling(pool, xid, failure.reason, leaseMs);
      // A decision whose call failed after it committed (an acknowledgement lost): confirm after all.
      if (row.state === 'CONFIRMED') return { xid, state: 'CONFIRMED', localConfirmed: false };
      if (row.state === 'CONFIRMING') return confirmAll(xid, request.branches, false);
      const reason = row.reason ?? failure.reason;
      // Recovery may have cancelled first, for a reason of its own (TIMEOUT): report the logged one.
      const error = reason === failure.reason ? failure : new AppError('ABORTED', `the transaction was cancelled: ${reason}`, { reason });
      if (row.state === 'CANCELLED') return { xid, state: 'CANCELLED', reason, error };
      crash('after-cancelling');
      const done = await finish(xid, request.branches, 'CANCELLING');
      return { xid, state: done ? 'CANCELLED' : 'CANCELLING', reason, error };
    },
  };
};
