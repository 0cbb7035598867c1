import type { Logger } from 'pino';
import type { CrashHook } from './types.js';

/**
 * TEST ONLY (a service's `crash_at` setting): a CrashHook that ends the process with 137 at exactly the named
 * step — no cleanup, no drain, as `kill -9` would — so crash-recovery tests can stop it between two commits.
 * An empty step turns it off (undefined: the step sites then cost nothing).
 */
export const exitAtStep = (crashStep: string, logger: Logger): CrashHook | undefined =>
  crashStep === ''
    ? undefined
    : (step) => {
        if (step !== crashStep) return;
        logger.warn({ step }, 'crash_at reached, exiting with 137');
        process.exit(137);
      };
