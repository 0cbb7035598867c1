import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { claimDueGlobalTxs, markDone, markRetry, type GlobalTx } from './global-tx-log.js';
import { runPhaseTwo } from './run-phase-two.js';
import { tccMetrics, type TccMetrics } from './tcc-metrics.js';
import { terminalStateOf, type SecondPhase, type TccHandlers } from './types.js';

export interface TccRecoveryOptions {
  /** A pool on the database holding tcc_global_tx (the order database). */
  pool: Pool;
  /** Only transactions whose every branch type has a handler here are claimed. */
  handlers: TccHandlers;
  logger: Logger;
  /** Pause between two rounds. */
  intervalMs: number;
  /** Transactions claimed per round. */
  batchSize: number;
  /** Delay before retrying a transaction whose round failed, by failed rounds so far. */
  backoff: BackoffOptions;
  /** How long a claimed transaction is kept from other workers; must exceed one round of its calls. */
  leaseMs?: number;
}

export interface TccRecovery {
  /** Stops scheduling rounds and waits for the one in progress. */
  stop(): Promise<void>;
}

const recoverOne = async (options: TccRecoveryOptions, metrics: TccMetrics, tx: GlobalTx): Promise<'finished' | 'failed'> => {
  const state = tx.state as SecondPhase; // claimDueGlobalTxs only returns CONFIRMING and CANCELLING rows
  const failure = await runPhaseTwo({
    xid: tx.xid,
    state,
    branches: tx.branches,
    handlers: options.handlers,
    // One call per branch per round: the persisted backoff, not an in-memory loop, spaces the retries.
    retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
    logger: options.logger,
  });
  if (failure === undefined) {
    if (await markDone(options.pool, tx.xid, state)) metrics.finished(terminalStateOf(state), 'recovery');
    options.logger.info({ xid: tx.xid, state, reason: tx.reason }, 'tcc recovery finished a transaction');
    return 'finished';
  }
  const attempts = tx.attempts + 1;
  await markRetry(options.pool, tx.xid, state, attempts, backoffDelayMs(attempts, options.backoff), failure.message);
  return 'failed';
};

const recoverRound = async (options: TccRecoveryOptions, metrics: TccMetrics): Promise<number> => {
  const claimed = await claimDueGlobalTxs(options.pool, Object.keys(options.handlers), options.batchSize, options.leaseMs ?? 30_000);
  await Promise.all(
    claimed.map((tx) =>
      recoverOne(options, metrics, tx).then(
        (result) => metrics.recoveryAttempt(tx.state as SecondPhase, result),
        (error: unknown) => {
          metrics.recoveryAttempt(tx.state as SecondPhase, 'failed');
          options.logger.error({ err: error, xid: tx.xid }, 'tcc recovery failed');
        },
      ),
    ),
  );
  return claimed.length;
};

/**
 * One recovery round: claims due transactions (TRYING past the deadline → cancel with reason TIMEOUT,
 * CONFIRMING → confirm, CANCELLING → cancel) and drives each to its terminal state or to its next backoff.
 * Returns how many transactions it claimed.
 *
 * Claiming takes a lease (next_attempt_at = now + leaseMs) in one short statement instead of holding the row
 * lock while the participants are called: a lock held across network calls pins a pooled connection and an
 * open transaction per row for as long as a participant is slow or down. If a worker dies, its lease simply
 * expires and another worker takes the row; if a round outlives its lease, two workers may call the same
 * branch, which the participants' barrier makes harmless.
 */
export const recoverDueTransactions = (options: TccRecoveryOptions): Promise<number> => recoverRound(options, tccMetrics());

/**
 * Runs recoverDueTransactions every `intervalMs` (at once again when a round filled its batch) until stopped.
 * Every order replica runs one; SKIP LOCKED and the lease share the work among them.
 */
export const startTccRecovery = (options: TccRecoveryOptions): TccRecovery => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const metrics = tccMetrics();

  const round = async () => {
    let claimed = 0;
    try {
      claimed = await recoverRound(options, metrics);
    } catch (error) {
      options.logger.error({ err: error }, 'tcc recovery round failed');
    }
    if (!stopped) schedule(claimed >= options.batchSize ? 0 : options.intervalMs);
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      current = round();
    }, delayMs);
  };

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
};
