export { createInFlightLimit, type InFlightLimit } from './in-flight-limit.js';
export { isOverloaded, overloadedError, OVERLOADED } from './overloaded-error.js';
export type { Protocol, RefusalReason } from './bulkhead-metrics.js';
