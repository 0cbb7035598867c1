import type { Logger } from 'pino';

/** A periodic task; stop() waits for a run in progress. */
export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `run` once now (unless `runAtStart` is false) and then every `intervalMs`. Runs never overlap (a tick during one is skipped, not queued);
 * a run that throws is logged and the next tick tries again. The timer alone never keeps the process alive:
 * shutdown closes everything else first.
 */
export const startPeriodic = (options: {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  logger: Logger;
  runAtStart?: boolean;
}): Periodic => {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running !== undefined) return;
    running = options
      .run()
      .catch((error: unknown) => options.logger.warn({ err: error, task: options.name }, 'periodic task failed; retrying at the next tick'))
      .finally(() => (running = undefined));
  };
  if (options.runAtStart !== false) tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
};
