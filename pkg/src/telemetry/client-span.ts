import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

const tracer = () => trace.getTracer('micro-ecommerce');

/**
 * Starts a CLIENT span for one data-store call as a child of the active span, or returns undefined outside any
 * span: connection handshakes, start-up migrations and other work no request asked for would each become a
 * one-span trace that only adds noise.
 */
export const startClientSpan = (name: string, attributes: Attributes): Span | undefined => {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return undefined;
  return tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
};

/** Ends a span from startClientSpan; a failure is recorded and sets the ERROR status. */
export const endClientSpan = (span: Span | undefined, error?: unknown): void => {
  if (span === undefined) return;
  if (error !== undefined) {
    const failure = error instanceof Error ? error : new Error(String(error));
    span.recordException(failure);
    const code = (failure as { code?: unknown }).code;
    span.setAttribute(ATTR_ERROR_TYPE, typeof code === 'string' || typeof code === 'number' ? String(code) : failure.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
};
