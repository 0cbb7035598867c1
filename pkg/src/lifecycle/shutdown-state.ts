// Process-wide on purpose: a termination signal reaches the whole process, and /readyz (pkg/src/http) must turn
// 503 the moment it arrives, before any shutdown step runs, whatever the service wired. This file imports
// nothing, so pkg/src/http can read it without an import cycle through serve-service.ts.
let shuttingDown = false;

/** Whether this process received SIGTERM or SIGINT (onShutdown): from then on its /readyz answers 503. */
export const isShuttingDown = (): boolean => shuttingDown;

/** Called by onShutdown when the signal arrives. */
export const markShuttingDown = (): void => {
  shuttingDown = true;
};
