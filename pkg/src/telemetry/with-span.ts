import { SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind } from '@opentelemetry/api';

const tracer = () => trace.getTracer('micro-ecommerce');

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** Parent context, e.g. one extracted from a message; the active context otherwise. */
  parent?: Context;
}

/**
 * Runs `work` in a new active span: on failure the exception is recorded and the status set to ERROR (the
 * opentelemetry-demo convention), then the error is rethrown. The span always ends.
 */
export const withSpan = async <T>(name: string, work: (span: Span) => Promise<T>, options: SpanOptions = {}): Promise<T> => {
  const startOptions = {
    ...(options.attributes ? { attributes: options.attributes } : {}),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
  };
  const run = (span: Span) =>
    work(span).then(
      (result) => {
        span.end();
        return result;
      },
      (error: unknown) => {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        span.end();
        throw error;
      },
    );
  return options.parent === undefined
    ? tracer().startActiveSpan(name, startOptions, run)
    : tracer().startActiveSpan(name, startOptions, options.parent, run);
};
