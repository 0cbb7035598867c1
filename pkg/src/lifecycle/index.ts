export { onShutdown, type ShutdownStep } from './on-shutdown.js';
