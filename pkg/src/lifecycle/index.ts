export { onShutdown, type ShutdownStep } from './on-shutdown.js';
export { serveService, type RunningService, type ServeServiceOptions } from './serve-service.js';
export { startPeriodic, type Periodic } from './periodic.js';
