import { trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { extractTraceContext, initTelemetry, injectTraceContext, InMemorySpanExporter, outsideTrace, withSpan } from './index.js';

const exporter = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'test', config: { otlp_endpoint: '', sample_ratio: 1 }, exporter });
afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

describe('telemetry', () => {
  it('nests spans of one operation in one trace', async () => {
    await withSpan('checkout', () => withSpan('reserve-stock', async () => 'ok'));
    const [child, parent] = exporter.getFinishedSpans();
    expect(child?.name).toBe('reserve-stock');
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });

  it('carries the trace across a message boundary through a string map', async () => {
    let properties: Record<string, string> = {};
    await withSpan('publish', async () => {
      properties = injectTraceContext();
    });
    expect(properties.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withSpan('consume', async () => {}, { parent: extractTraceContext(properties) });
    const [publish, consume] = exporter.getFinishedSpans();
    expect(consume?.spanContext().traceId).toBe(publish?.spanContext().traceId);
  });

  it('starts work the request does not wait for in a trace of its own', async () => {
    await withSpan('get-sku-properties', async () => {
      await outsideTrace(() => withSpan('refresh-cache', async () => {}));
    });
    const [refresh, request] = exporter.getFinishedSpans();
    expect(refresh?.name).toBe('refresh-cache');
    expect(refresh?.parentSpanContext).toBeUndefined();
    expect(refresh?.spanContext().traceId).not.toBe(request?.spanContext().traceId);
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(withSpan('pay', async () => Promise.reject(new Error('declined')))).rejects.toThrow('declined');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events[0]?.name).toBe('exception');
  });

  it('exposes the active trace id to log lines', async () => {
    await withSpan('log', async (span) => {
      expect(trace.getActiveSpan()?.spanContext().traceId).toBe(span.spanContext().traceId);
    });
  });
});
