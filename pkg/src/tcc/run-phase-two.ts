import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from 'pino';
import { phaseCallOf, type Branch, type CrashHook, type SecondPhase, type TccHandlers } from './types.js';

export interface PhaseTwoRetry {
  /** Calls per branch before giving the branch up to a later round (>= 1). */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface PhaseTwoRun {
  xid: string;
  state: SecondPhase;
  branches: Branch[];
  handlers: TccHandlers;
  retry: PhaseTwoRetry;
  logger: Logger;
  crashAt?: CrashHook;
}

/**
 * Confirms or cancels every branch, all at once (the participants are independent: one's confirm never waits
 * for another's). Each branch is retried a bounded number of times; a branch that still fails does not stop the
 * others, so one round does as much as it can. Resolves with the first failure (in branch order), or undefined
 * when every branch succeeded.
 */
export const runPhaseTwo = async (run: PhaseTwoRun): Promise<Error | undefined> => {
  const call = phaseCallOf(run.state);
  const policy = retry(handleAll, {
    // cockatiel counts retries, not attempts.
    maxAttempts: Math.max(run.retry.attempts, 1) - 1,
    backoff: new ExponentialBackoff({ initialDelay: run.retry.initialDelayMs, maxDelay: run.retry.maxDelayMs }),
  });
  const failures = await Promise.all(
    run.branches.map(async (branch): Promise<Error | undefined> => {
      const handler = run.handlers[branch.type];
      try {
        if (handler === undefined) throw new Error(`no TCC handler for branch type ${branch.type}`);
        await policy.execute(() => handler[call](run.xid, branch.payload));
      } catch (error) {
        run.logger.warn({ err: error, xid: run.xid, branch: branch.id }, `tcc ${call} failed`);
        return error instanceof Error ? error : new Error(String(error));
      }
      // Outside the catch: a crash hook that throws must stop the run, not count as a failed branch.
      run.crashAt?.(`after-${call}:${branch.id}`);
      return undefined;
    }),
  );
  return failures.find((failure) => failure !== undefined);
};
