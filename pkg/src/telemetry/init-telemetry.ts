import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { z } from 'zod';
import type { telemetrySchema } from '../config/index.js';

export interface TelemetryOptions {
  serviceName: string;
  config: z.infer<typeof telemetrySchema>;
  /** Export to this exporter synchronously instead of OTLP (tests use an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Telemetry {
  /** Flushes pending spans and stops exporting; call on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Registers the global tracer provider with W3C trace-context propagation. Spans are always created (so trace
 * ids reach logs and downstream calls) but exported only when an OTLP endpoint or an exporter is configured.
 */
export const initTelemetry = (options: TelemetryOptions): Telemetry => {
  const spanProcessors: SpanProcessor[] = [];
  if (options.exporter !== undefined) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
  else if (options.config.otlp_endpoint !== '') {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.config.otlp_endpoint })));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.config.sample_ratio) }),
    spanProcessors,
  });
  provider.register();
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
    },
  };
};
