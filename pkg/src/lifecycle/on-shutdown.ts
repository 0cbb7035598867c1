import type { Logger } from 'pino';
import { markShuttingDown } from './shutdown-state.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * How long a process keeps serving after the signal with /readyz already answering 503, before its steps stop
 * anything: long enough for a balancer that polls readiness every second (the local gateway) to take it out of
 * rotation, so no new request meets a closed port. In Kubernetes the preStop pause comes on top (the endpoint
 * controller does not read /readyz of a terminating pod); both end well inside terminationGracePeriodSeconds.
 */
export const DRAIN_DELAY_MS = 2_000;

/** How long the whole shutdown may take, drain delay included, before the process exits 1. */
export const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * On SIGTERM or SIGINT: /readyz turns 503 at once (isShuttingDown), the process keeps serving for `drainDelayMs`,
 * then runs `steps` in order (stop taking traffic, drain in-flight work, close clients) and exits 0; exits 1 if a
 * step fails or the whole sequence exceeds `timeoutMs`. A second signal exits at once.
 */
export const onShutdown = (logger: Logger, steps: ShutdownStep[], timeoutMs = SHUTDOWN_TIMEOUT_MS, drainDelayMs = DRAIN_DELAY_MS): void => {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    markShuttingDown();
    logger.info({ signal, drain_delay_ms: drainDelayMs }, 'shutting down: not ready any more, still serving');
    const timer = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    let failed = false;
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};
