import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/index.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { insertGlobalTx, markCancelling, markConfirming, markDone, markRetry } from './global-tx-log.js';
import { runPhaseTwo, type PhaseTwoRetry } from './run-phase-two.js';
import { tccMetrics } from './tcc-metrics.js';
import { terminalStateOf, type Branch, type CrashHook, type SecondPhase, type TccHandlers } from './types.js';

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

/** CONFIRMING / CANCELLING: phase two could not finish in-line, recovery will. */
export type TccResult =
  { xid: string; state: 'CONFIRMED' | 'CONFIRMING' } | { xid: string; state: 'CANCELLED' | 'CANCELLING'; reason: string; error: AppError };

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
 * other, stopping at the first refusal or at the deadline, then confirms or cancels every branch, logging each
 * phase before acting so that recovery (startTccRecovery) can finish the work of a process that stopped.
 * Tries run in order rather than concurrently: a refusal spares the later participants, and the order branch
 * exists before money or stock move. A try still running at the deadline is abandoned, not awaited: the
 * participant's barrier undoes it on cancel, or refuses it if it arrives after the cancel.
 */
export const createTccCoordinator = (options: TccCoordinatorOptions): TccCoordinator => {
  const { pool, handlers, logger, crashAt } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const retryPolicy = options.retry ?? { attempts: 3, initialDelayMs: 20, maxDelayMs: 200 };
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const crash = (step: string) => crashAt?.(step);
  const metrics = tccMetrics();

  const tryAll = async (request: TccRunRequest, xid: string): Promise<AppError | undefined> => {
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
      for (const branch of request.branches) {
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

  return {
    async run(request) {
      checkBranches(request.branches, handlers);
      const xid = request.xid ?? randomUUID();
      await insertGlobalTx(pool, xid, request.branches, request.timeoutMs).catch((error: { code?: string }) => {
        throw error.code === '23505' ? new AppError('ALREADY_EXISTS', `global transaction ${xid} already exists`) : error;
      });
      crash('after-begin');
      let failure = await tryAll(request, xid);
      if (failure === undefined) {
        crash('after-tries');
        if (await markConfirming(pool, xid, leaseMs)) {
          crash('after-confirming');
          return { xid, state: (await finish(xid, request.branches, 'CONFIRMING')) ? 'CONFIRMED' : 'CONFIRMING' };
        }
        failure = timeoutError(); // the deadline passed between the last try and the log update
      }
      const row = await markCancelling(pool, xid, failure.reason, leaseMs);
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
