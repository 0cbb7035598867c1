import type { TimedSpan } from './span-receiver.js';
import { fixed, type Table } from './table.js';

/** One step (service + span name) of the traces of one run. */
export interface StepStats {
  service: string;
  step: string;
  /** Spans of this step per trace: 1 for a step every request takes once, less when spans were dropped. */
  perTrace: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** Median time inside the span not covered by any of its child spans: own work, or waiting for a pool or a lock. */
  selfP50Ms: number;
  /** Median start relative to the trace's first span: orders the steps as they happen. */
  offsetP50Ms: number;
  /** Share of the spans that started after the request's root span ended (work the response did not wait for). */
  afterResponse: number;
}

export interface Breakdown {
  traces: number;
  /** Median and p99 of the root span (the gateway's server span): the request as the gateway saw it. */
  rootP50Ms: number;
  rootP99Ms: number;
  steps: StepStats[];
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const ascending = (values: number[]) => values.sort((a, b) => a - b);

// Length of `span` not covered by the union of its children's intervals.
const selfTime = (span: TimedSpan, children: TimedSpan[]): number => {
  const intervals = children
    .map((child) => [Math.max(child.startMs, span.startMs), Math.min(child.endMs, span.endMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = span.startMs;
  for (const [start, end] of intervals) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return span.endMs - span.startMs - covered;
};

// A trace of the run: its root span (the gateway's) began and ended inside the run, after the service's server
// span. That leaves out the requests the load generator abandoned when its time was up: their root ends when the
// client goes, before the work does.
const answeredWithin = (trace: TimedSpan[], server: TimedSpan, from: number, to: number): boolean => {
  const root = trace.find((span) => span.parentSpanId === '');
  return root !== undefined && root.startMs >= from && root.endMs <= to && server.endMs <= root.endMs;
};

/** Groups spans by trace id, once for all runs. */
export const groupTraces = (spans: TimedSpan[]): Map<string, TimedSpan[]> => {
  const traces = new Map<string, TimedSpan[]>();
  for (const span of spans) {
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  return traces;
};

/**
 * The per-step latency of the traces that contain a SERVER span named `serverStep` (e.g. the order service's
 * `POST /api/v1/order`) and were answered inside [from, to]: the traces of one load run.
 */
export const breakdown = (traces: Map<string, TimedSpan[]>, serverStep: string, from: number, to: number): Breakdown => {
  const selected = [...traces.values()].filter((trace) => {
    const server = trace.find((span) => span.kind === 'SERVER' && span.step === serverStep);
    return server !== undefined && answeredWithin(trace, server, from, to);
  });
  const byStep = new Map<
    string,
    { service: string; step: string; durations: number[]; selfs: number[]; offsets: number[]; after: number }
  >();
  const roots: number[] = [];
  for (const trace of selected) {
    const start = Math.min(...trace.map((span) => span.startMs));
    const root = trace.find((span) => span.parentSpanId === '')!;
    roots.push(root.endMs - root.startMs);
    const children = new Map<string, TimedSpan[]>();
    for (const span of trace) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    for (const span of trace) {
      const key = `${span.service}\u0000${span.step}`;
      const stats = byStep.get(key) ?? { service: span.service, step: span.step, durations: [], selfs: [], offsets: [], after: 0 };
      stats.durations.push(span.endMs - span.startMs);
      stats.selfs.push(selfTime(span, children.get(span.spanId) ?? []));
      stats.offsets.push(span.startMs - start);
      if (span !== root && span.startMs >= root.endMs) stats.after += 1;
      byStep.set(key, stats);
    }
  }
  const steps = [...byStep.values()].map((stats): StepStats => {
    const durations = ascending(stats.durations);
    return {
      service: stats.service,
      step: stats.step,
      perTrace: durations.length / selected.length,
      count: durations.length,
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      selfP50Ms: percentile(ascending(stats.selfs), 50),
      offsetP50Ms: percentile(ascending(stats.offsets), 50),
      afterResponse: stats.after / durations.length,
    };
  });
  // Services in the order they first act, steps within a service in the order they happen.
  const firstOffset = new Map<string, number>();
  for (const step of steps) firstOffset.set(step.service, Math.min(firstOffset.get(step.service) ?? Infinity, step.offsetP50Ms));
  steps.sort((a, b) => firstOffset.get(a.service)! - firstOffset.get(b.service)! || a.offsetP50Ms - b.offsetP50Ms);
  const rootsSorted = ascending(roots);
  return { traces: selected.length, rootP50Ms: percentile(rootsSorted, 50), rootP99Ms: percentile(rootsSorted, 99), steps };
};

/** The breakdown as a table: service, step, spans per trace, count, p50, p99, self p50, start offset, after response. */
export const breakdownTable = (title: string, result: Breakdown): Table => ({
  title: `${title}: ${result.traces} traces, root span p50 ${fixed(result.rootP50Ms)} ms, p99 ${fixed(result.rootP99Ms)} ms`,
  headers: ['service', 'span', 'per trace', 'count', 'p50 ms', 'p99 ms', 'self p50 ms', 'starts at p50 ms', 'after response'],
  rows: result.steps.map((s) => [
    s.service,
    s.step.replaceAll('|', '\\|'),
    fixed(s.perTrace, 2),
    s.count,
    fixed(s.p50Ms, 2),
    fixed(s.p99Ms, 2),
    fixed(s.selfP50Ms, 2),
    fixed(s.offsetP50Ms, 1),
    s.afterResponse === 0 ? '' : `${Math.round(s.afterResponse * 100)}%`,
  ]),
});
