import { randomBytes } from 'node:crypto';

/** One bounded demo of a pattern: it starts what it needs, narrates, and returns its evidence. */
export interface Demo {
  name: string;
  /** One line for the menu. */
  title: string;
  /** Where the pattern lives in the code and which test asserts it (printed before the run). */
  code: string;
  test: string;
  /** `args`: what follows the demo's name on the command line (e.g. make demo-tcc step=...). */
  run(show: Narrator, args: readonly string[]): Promise<void>;
}

/** How a demo talks: a step in plain words, and evidence as label/value lines. */
export interface Narrator {
  step(text: string): void;
  evidence(label: string, value: unknown): void;
}

// Database counts come back as bigint, which JSON.stringify refuses.
const shown = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

export const narrator = (): Narrator => ({
  step: (text) => console.log(`\n> ${text}`),
  evidence: (label, value) => console.log(`  ${label.padEnd(28)} ${shown(value)}`),
});

/** A fresh W3C trace id, sent as `traceparent` so the demo can name the trace Jaeger shows. */
export const newTraceId = (): string => randomBytes(16).toString('hex');

export const jaegerTraceUrl = (traceId: string): string => `http://127.0.0.1:16686/trace/${traceId}`;

/** The headers that put a call through the gateway into the trace `traceId`. */
export const inTrace = (traceId: string): Record<string, string> => ({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
