import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../e2e/support/otlp-receiver.js';

/** A received span reduced to what the breakdown needs; attributes are dropped to keep thousands of traces small. */
export interface TimedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: ReceivedSpan['kind'];
  /** The span name, refined for database calls by the statement's start (`UPDATE payment_test: UPDATE wallets SET…`). */
  step: string;
  startMs: number;
  endMs: number;
}

// The statement's first words tell the steps apart (the decision's `UPDATE tcc_global_tx SET state = 'CONFIRMING'`
// from the end's `UPDATE tcc_global_tx SET state = $3`); the span name alone says only `UPDATE order_test`.
const SQL_PREFIX = 60;
const stepOf = (span: ReceivedSpan): string => {
  const sql = span.attributes['db.query.text'];
  if (typeof sql !== 'string') return span.name;
  const flat = sql.replace(/\s+/g, ' ').trim();
  return `${span.name}: ${flat.length > SQL_PREFIX ? `${flat.slice(0, SQL_PREFIX)}…` : flat}`;
};

/**
 * An OTLP/HTTP trace receiver (the e2e one) keeping each span's service, step name and timing: the same spans a
 * collector would get, so the breakdown shows what the services themselves measured.
 */
export const startSpanReceiver = (): Promise<OtlpReceiver<TimedSpan>> =>
  startOtlpReceiver((span) => {
    const { service, traceId, spanId, parentSpanId, kind, startMs, endMs } = span;
    return { service, traceId, spanId, parentSpanId, kind, step: stepOf(span), startMs, endMs };
  });
