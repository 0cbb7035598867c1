import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { extractTraceContext, withSpan } from '../telemetry/index.js';

/**
 * Runs every request in a SERVER span that continues the caller's trace (W3C `traceparent` header), so the
 * gateway, the service and its gRPC calls form one trace, and every log line of the request carries its trace_id.
 */
export const traceRequests = (): MiddlewareHandler => async (c, next) => {
  const carrier: Record<string, string> = {};
  c.req.raw.headers.forEach((value, key) => {
    carrier[key] = value;
  });
  await withSpan(
    `${c.req.method} ${c.req.path}`,
    async (span) => {
      await next();
      // The matched route (e.g. /api/v1/product/:id) names the span without the ids in it.
      span.updateName(`${c.req.method} ${c.req.routePath}`);
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    },
    {
      kind: SpanKind.SERVER,
      parent: extractTraceContext(carrier),
      attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path },
    },
  );
};
