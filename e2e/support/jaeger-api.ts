import { stageConfig } from './system.js';

/** One span as Jaeger's HTTP API (/api/traces) returns it, with the service name of its process resolved. */
export interface JaegerSpan {
  service: string;
  spanId: string;
  /** The CHILD_OF reference; empty for a root span. */
  parentSpanId: string;
  operationName: string;
  /** Jaeger's span.kind tag: server, client, producer, consumer or internal. */
  kind: string;
  tags: Record<string, string | number | boolean>;
}

interface RawTrace {
  traceID: string;
  spans: Array<{
    spanID: string;
    operationName: string;
    references: Array<{ refType: string; spanID: string }> | null;
    tags: Array<{ key: string; value: string | number | boolean }> | null;
    processID: string;
  }>;
  processes: Record<string, { serviceName: string }>;
}

// Jaeger receives OTLP on the host of telemetry.otlp_endpoint and serves its UI and API on 16686 of the same
// host (scripts/infra/ports.sh JAEGER_UI_PORT).
const JAEGER_UI_PORT = 16686;

/** Base URL of the Jaeger the stage exports to, e.g. http://127.0.0.1:16686. */
export const jaegerUrl = `http://${new URL(stageConfig.telemetry.otlp_endpoint).hostname}:${JAEGER_UI_PORT}`;

const spansOf = (trace: RawTrace): JaegerSpan[] =>
  trace.spans.map((span) => ({
    service: trace.processes[span.processID]?.serviceName ?? '',
    spanId: span.spanID,
    parentSpanId: (span.references ?? []).find((ref) => ref.refType === 'CHILD_OF')?.spanID ?? '',
    operationName: span.operationName,
    kind: String((span.tags ?? []).find((tag) => tag.key === 'span.kind')?.value ?? 'internal'),
    tags: Object.fromEntries((span.tags ?? []).map((tag) => [tag.key, tag.value])),
  }));

const getJson = async (path: string): Promise<{ status: number; body: any }> => {
  const res = await fetch(`${jaegerUrl}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.json() };
};

/** The spans Jaeger holds for `traceId` (32 hex digits) so far; empty while it has none. */
export const traceSpans = async (traceId: string): Promise<JaegerSpan[]> => {
  const { status, body } = await getJson(`/api/traces/${traceId}`);
  if (status === 404) return [];
  if (status !== 200) throw new Error(`GET /api/traces/${traceId}: HTTP ${status} ${JSON.stringify(body)}`);
  return (body.data as RawTrace[]).flatMap(spansOf);
};

/** What the UI's search form asks: a service, optionally an operation and span tags that must match. */
export interface TraceSearch {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  /** Epoch ms: only traces since then. */
  since: number;
}

/** The ids of the traces Jaeger's search finds (at most 100, newest first). */
export const findTraceIds = async (search: TraceSearch): Promise<string[]> => {
  const query = new URLSearchParams({
    service: search.service,
    start: String(search.since * 1000),
    end: String(Date.now() * 1000),
    limit: '100',
  });
  if (search.operation !== undefined) query.set('operation', search.operation);
  if (search.tags !== undefined) query.set('tags', JSON.stringify(search.tags));
  const { status, body } = await getJson(`/api/traces?${query.toString()}`);
  if (status !== 200) throw new Error(`GET /api/traces?${query.toString()}: HTTP ${status} ${JSON.stringify(body)}`);
  return (body.data as RawTrace[]).map((trace) => trace.traceID);
};
