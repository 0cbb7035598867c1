export interface BackoffOptions {
  /** Delay after the first failed round. */
  baseMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
}

/**
 * The delay before the next recovery round of a transaction that has failed `attempts` rounds (>= 1):
 * base * 2^(attempts - 1), capped. No jitter: rows are claimed one by one with SKIP LOCKED, so retries of
 * many transactions do not stampede a participant in lockstep the way retries of one client would.
 */
export const backoffDelayMs = (attempts: number, options: BackoffOptions): number => {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  return Math.min(options.maxMs, options.baseMs * 2 ** exponent);
};
