import { ExponentialBackoff, handleWhen, retry, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { isAppError, type ErrorKind } from '../errors/index.js';
import { isCircuitOpen } from './circuit-breaker.js';

/** Kinds worth another attempt of an idempotent read: the server was unreachable, slow or shedding load. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED']);

export interface DeadlineRetryOptions {
  /** Epoch ms by which the last attempt must have ended. */
  deadlineAt: number;
  /** Total attempts, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

type BackoffContext = IRetryBackoffContext<unknown>;

// A backoff that never sleeps past the deadline: an attempt that cannot start in time is not worth waiting for.
const capped = (backoff: IBackoff<BackoffContext>, deadlineAt: number): IBackoff<BackoffContext> => ({
  get duration() {
    return Math.max(0, Math.min(backoff.duration, deadlineAt - Date.now()));
  },
  next: (context) => capped(backoff.next(context), deadlineAt),
});

const cappedFactory = (factory: IBackoffFactory<BackoffContext>, deadlineAt: number): IBackoffFactory<BackoffContext> => ({
  next: (context) => capped(factory.next(context), deadlineAt),
});

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of attempts or of time, with
 * jittered exponential backoff between attempts (cockatiel). Gives up with the last attempt's error.
 */
export const withDeadlineRetry = async <T>(attempt: () => Promise<T>, options: DeadlineRetryOptions): Promise<T> => {
  const { deadlineAt } = options;
  let lastError: unknown;
  const policy = retry(
    // An open circuit fails every attempt at once until it half-opens: retrying it only burns the budget.
    handleWhen((error) => isAppError(error) && RETRYABLE_KINDS.has(error.kind) && !isCircuitOpen(error) && Date.now() < deadlineAt),
    {
      // cockatiel counts retries, not attempts.
      maxAttempts: options.maxAttempts - 1,
      backoff: cappedFactory(new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs }), deadlineAt),
    },
  );
  return policy.execute(async () => {
    // Out of time after a backoff: report why the previous attempt failed rather than a bare timeout.
    if (lastError !== undefined && Date.now() >= deadlineAt) throw lastError;
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      throw error;
    }
  });
};
