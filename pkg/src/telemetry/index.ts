export { initTelemetry, type Telemetry, type TelemetryOptions } from './init-telemetry.js';
export { injectTraceContext, extractTraceContext } from './propagation.js';
export { withSpan, type SpanOptions } from './with-span.js';
export { outsideTrace } from './outside-trace.js';
export { startClientSpan, endClientSpan } from './client-span.js';
export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
export { initMetrics, type Metrics, type MetricsOptions } from './init-metrics.js';
export { metricsHandler } from './metrics-handler.js';
export { getMeter, METER_NAME, DURATION_BUCKETS_SECONDS } from './meter.js';
