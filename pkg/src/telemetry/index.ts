export { initTelemetry, type Telemetry, type TelemetryOptions } from './init-telemetry.js';
export { injectTraceContext, extractTraceContext } from './propagation.js';
export { withSpan, type SpanOptions } from './with-span.js';
export { startClientSpan, endClientSpan } from './client-span.js';
export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
