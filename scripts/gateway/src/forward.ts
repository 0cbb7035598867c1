import { SpanKind } from '@opentelemetry/api';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { injectTraceContext, withSpan } from '@micro-ecommerce/pkg/telemetry';
import type { Context } from 'hono';
import { proxy } from 'hono/proxy';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '@micro-ecommerce/pkg/http';

const isTimeout = (error: unknown): boolean => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

// The socket address is only known behind @hono/node-server; app.request() in tests has none.
const clientIp = (c: Context<AppEnv>): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

/**
 * Forwards the request to `origin` with the same method, path, query and streamed body, adding X-Forwarded-*,
 * X-Request-Id and the W3C trace context. A refused connection answers 502 and a slow upstream 504, both
 * in the error envelope; the upstream's own answers (including its errors) pass through untouched.
 */
export const forward = async (c: Context<AppEnv>, origin: string, service: string, timeoutMs: number): Promise<Response> => {
  const url = new URL(c.req.url);
  const target = `${origin}${url.pathname}${url.search}`;
  return withSpan(
    `${c.req.method} ${service}`,
    async (span) => {
      const ip = clientIp(c);
      const forwardedFor = [c.req.header('x-forwarded-for'), ip].filter(Boolean).join(', ');
      try {
        const response = await proxy(target, {
          raw: c.req.raw,
          headers: {
            ...c.req.header(),
            'x-request-id': c.var.requestId,
            'x-forwarded-host': c.req.header('host') ?? url.host,
            'x-forwarded-proto': url.protocol.replace(':', ''),
            ...(forwardedFor === '' ? {} : { 'x-forwarded-for': forwardedFor }),
            ...injectTraceContext(),
          },
          signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(timeoutMs)]),
        });
        span.setAttribute('http.response.status_code', response.status);
        return response;
      } catch (error) {
        if (isTimeout(error)) {
          throw new AppError('DEADLINE_EXCEEDED', `${service} did not answer within ${timeoutMs} ms`, {
            reason: 'UPSTREAM_TIMEOUT',
            httpStatus: 504,
          });
        }
        throw new AppError('UNAVAILABLE', `${service} is unavailable`, { reason: 'BAD_GATEWAY', httpStatus: 502, cause: error });
      }
    },
    { kind: SpanKind.CLIENT, attributes: { 'http.request.method': c.req.method, 'url.full': target, 'peer.service': service } },
  );
};
