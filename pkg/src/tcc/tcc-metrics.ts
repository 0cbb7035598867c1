import { getMeter } from '../telemetry/index.js';
import type { SecondPhase } from './types.js';

/** The TCC counters: final states (micro_ecommerce.tcc.transactions) and recovery rounds (….tcc.recovery.attempts). */
export interface TccMetrics {
  /** This process moved a global transaction to its final state; `by` says whether in-line or by recovery. */
  finished(state: 'CONFIRMED' | 'CANCELLED', by: 'coordinator' | 'recovery'): void;
  /** The recovery worker drove one transaction through one round of phase two: it finished, or is retried later. */
  recoveryAttempt(state: SecondPhase, result: 'finished' | 'failed'): void;
}

/** Creates the TCC instruments on the process's meter; call where the coordinator or the recovery worker is built. */
export const tccMetrics = (): TccMetrics => {
  const meter = getMeter();
  const transactions = meter.createCounter('micro_ecommerce.tcc.transactions', {
    unit: '{transaction}',
    description: 'TCC global transactions that reached their final state (CONFIRMED or CANCELLED).',
  });
  const attempts = meter.createCounter('micro_ecommerce.tcc.recovery.attempts', {
    unit: '{attempt}',
    description: 'Recovery rounds over a CONFIRMING or CANCELLING global transaction, by whether the round finished it.',
  });
  return {
    finished: (state, by) => transactions.add(1, { state, finished_by: by }),
    recoveryAttempt: (state, result) => attempts.add(1, { state, result }),
  };
};
