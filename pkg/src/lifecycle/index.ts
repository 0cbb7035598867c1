export { DRAIN_DELAY_MS, onShutdown, SHUTDOWN_TIMEOUT_MS, type ShutdownStep } from './on-shutdown.js';
export { serveService, type RunningService, type ServeServiceOptions } from './serve-service.js';
export { startPeriodic, type Periodic } from './periodic.js';
export { isShuttingDown } from './shutdown-state.js';
