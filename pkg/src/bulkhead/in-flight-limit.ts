import { bulkhead, BulkheadRejectedError } from 'cockatiel';
import type { InFlightLimitSettings } from '../config/index.js';
import { bulkheadMetrics, type Protocol, type RefusalReason } from './bulkhead-metrics.js';
import { overloadedError } from './overloaded-error.js';

/** A process's bound on concurrent work of one kind (a bulkhead): the HTTP server has one, the gRPC server another. */
export interface InFlightLimit {
  /**
   * Runs `work` in a slot: at once if one is free, else after a wait in the queue if it has room (at most
   * max_queue_wait_ms), else not at all: it rejects with overloadedError(). The slot is held until `work` settles,
   * whether it resolves or throws. `cancelSignal` is only asked for when the work has to wait: its abort (the caller
   * left) ends the wait, and the work never runs.
   */
  run<T>(work: () => Promise<T>, cancelSignal?: () => AbortSignal): Promise<T>;
  /** Work holding a slot now. */
  readonly inFlight: number;
  /** Work waiting for a slot now. */
  readonly waiting: number;
}

type WaitState = 'waiting' | 'started' | 'gave_up';

/**
 * An in-flight limit on cockatiel's bulkhead policy (execution slots + a bounded queue), with the queue's wait
 * bounded and the micro_ecommerce.bulkhead.* metrics recorded under `protocol`.
 */
export const createInFlightLimit = (protocol: Protocol, settings: InFlightLimitSettings): InFlightLimit => {
  // cockatiel 3.2.1 keeps a queued entry until a slot frees, even once its caller gave up, and when that slot goes
  // to an entry whose abort signal fired, it drops the entry without starting the next one: whatever waits behind
  // stays queued with a slot free (cockatiel PR #114). So no signal goes to cockatiel: an entry whose caller gave up
  // runs as a no-op when its turn comes, which hands the slot straight to the next one.
  const policy = bulkhead(settings.max_in_flight, settings.max_queued);
  const metrics = bulkheadMetrics(protocol);
  let inFlight = 0;
  let waiting = 0;

  const refusal = (reason: RefusalReason) => {
    metrics.refused(reason);
    return overloadedError();
  };

  const runInSlot = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    metrics.running(1);
    try {
      return await work();
    } finally {
      inFlight -= 1;
      metrics.running(-1);
    }
  };

  const waitForSlot = <T>(work: () => Promise<T>, cancelSignal?: () => AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const signal = cancelSignal?.();
      if (signal?.aborted) return reject(refusal('abandoned'));
      let state: WaitState = 'waiting';
      const stopWaiting = () => {
        waiting -= 1;
        metrics.waiting(-1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const giveUp = (reason: RefusalReason) => {
        if (state !== 'waiting') return;
        state = 'gave_up';
        stopWaiting();
        reject(refusal(reason));
      };
      const onAbort = () => giveUp('abandoned');
      waiting += 1;
      metrics.waiting(1);
      const timer = setTimeout(() => giveUp('wait_timeout'), settings.max_queue_wait_ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      policy
        .execute(async () => {
          if (state === 'gave_up') return undefined as T;
          state = 'started';
          stopWaiting();
          return runInSlot(work);
        })
        .then(resolve, (error: unknown) => {
          if (state === 'gave_up') return;
          // A queued entry that lost its freed slot to a newcomer and found the queue full again: shed it too.
          if (error instanceof BulkheadRejectedError) return giveUp('full');
          reject(error);
        });
    });

  return {
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return waiting;
    },
    run: (work, cancelSignal) => {
      if (policy.executionSlots > 0) return policy.execute(() => runInSlot(work));
      if (policy.queueSlots === 0) return Promise.reject(refusal('full'));
      return waitForSlot(work, cancelSignal);
    },
  };
};
