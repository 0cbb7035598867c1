import { metrics, type Meter } from '@opentelemetry/api';

/**
 * Metric names, one scheme for the whole code base (README "Metrics"):
 * - OTel names with dots; the Prometheus exposition turns dots into underscores, appends the unit in words
 *   (seconds) and `_total` to counters.
 * - Where a semantic convention exists it is followed, name and attributes: http.server.request.duration,
 *   rpc.server.call.duration, messaging.destination.name, messaging.consumer.group.name.
 * - Business metrics are `micro_ecommerce.<area>.<what is counted>` (plural noun, no `_total`), unit an
 *   annotation such as {checkout}; their own attributes are snake_case (outcome, event_type, result).
 */
export const METER_NAME = 'micro-ecommerce';

/** Bucket bounds of duration histograms in seconds, as the HTTP and RPC semantic conventions advise. */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * The meter to create instruments on, from the global MeterProvider that initMetrics registers. Create
 * instruments in factories that run at start-up (after initMetrics), never at module load: before a provider
 * is registered the API hands out no-op instruments, and it has no proxy that would upgrade them later.
 */
export const getMeter = (): Meter => metrics.getMeter(METER_NAME);
