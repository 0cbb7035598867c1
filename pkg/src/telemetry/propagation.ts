import { context, propagation, type Context } from '@opentelemetry/api';

/** Writes the active trace context (W3C traceparent/tracestate) into a string map, e.g. message properties. */
export const injectTraceContext = (carrier: Record<string, string> = {}, from: Context = context.active()): Record<string, string> => {
  propagation.inject(from, carrier);
  return carrier;
};

/** Reads a trace context written by injectTraceContext; spans started in it join the sender's trace. */
export const extractTraceContext = (carrier: Record<string, string | undefined> | Map<string, string>): Context => {
  const map = carrier instanceof Map ? Object.fromEntries(carrier) : carrier;
  return propagation.extract(context.active(), map);
};
