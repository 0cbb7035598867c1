import { Agent, request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { injectTraceContext, withSpan } from '@micro-ecommerce/pkg/telemetry';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '@micro-ecommerce/pkg/http';
import { isEventStreamPath } from '@micro-ecommerce/pkg/config';

// One keep-alive pool for every upstream: a connection is reused instead of opened per request.
const agent = new Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' });
// The event-stream routes' own pool (pkg EVENT_STREAM_ROUTES): a stream holds its socket for as long as it is open,
// so streams taken from the pool above would leave the service's ordinary requests queueing for a socket (one
// account's streams once held all 256 to order). Each service bounds the streams per account; this bounds their sum
// per instance, past which a stream waits (and is answered 504 after the upstream timeout), never a request.
const streamAgent = new Agent({ keepAlive: true, maxSockets: 1024, scheduling: 'lifo' });

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded; host names the upstream.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

class UpstreamTimeout extends Error {}

/**
 * The event streams (text/event-stream answers, e.g. GET /order/{id}/events) passing through: they never end
 * on their own, so the gateway's shutdown ends them (cleanly, so clients reconnect) before its server can close.
 */
export class OpenStreams {
  private readonly closers = new Set<() => void>();

  /** Registers a stream's closer; returns its removal. */
  add(close: () => void): () => void {
    this.closers.add(close);
    return () => {
      this.closers.delete(close);
    };
  }

  closeAll(): void {
    for (const close of [...this.closers]) close();
  }

  get size(): number {
    return this.closers.size;
  }
}

const isEventStream = (res: IncomingMessage) => (res.headers['content-type'] ?? '').startsWith('text/event-stream');

// An event stream's body, chunk by chunk as the upstream flushes it (SSE events are small: no backpressure
// needed). `streams.closeAll()` ends it as a finished response, not a cut connection.
const eventStreamBody = (res: IncomingMessage, upstream: ClientRequest, streams: OpenStreams): ReadableStream<Uint8Array> => {
  let remove: () => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const finish = (error?: Error) => {
        if (!open) return;
        open = false;
        remove();
        if (error) controller.error(error);
        else controller.close();
      };
      remove = streams.add(() => {
        finish();
        upstream.destroy();
      });
      res.on('data', (chunk: Buffer) => open && controller.enqueue(new Uint8Array(chunk)));
      res.once('end', () => finish());
      res.once('error', (error) => finish(error));
      // Without 'end' first: the upstream went away mid-stream (a cut, which the client sees as one too).
      res.once('close', () => finish(new Error('the upstream closed the event stream')));
    },
    cancel() {
      remove();
      res.destroy();
    },
  });
};

// The socket address is only known behind @hono/node-server; app.request() in tests has none.
const clientIp = (c: Context<AppEnv>): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

const requestHeaders = (c: Context<AppEnv>, url: URL): Record<string, string> => {
  const headers: Record<string, string> = {};
  // Transfer-Encoding stays: a chunked body must go out chunked, and node:http only chunks a DELETE or OPTIONS
  // body when told to (it would write it unframed, and the upstream would read it as the next request).
  for (const [name, value] of Object.entries(c.req.header()))
    if (name === 'transfer-encoding' || !HOP_BY_HOP.has(name)) headers[name] = value;
  const forwardedFor = [c.req.header('x-forwarded-for'), clientIp(c)].filter(Boolean).join(', ');
  return {
    ...headers,
    'x-request-id': c.var.requestId,
    'x-forwarded-host': c.req.header('host') ?? url.host,
    'x-forwarded-proto': url.protocol.replace(':', ''),
    ...(forwardedFor === '' ? {} : { 'x-forwarded-for': forwardedFor }),
    ...injectTraceContext(),
  };
};

const responseHeaders = (incoming: IncomingHttpHeaders): Headers => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
};

// Behind @hono/node-server the Node request and response are the env; app.request() in tests has neither.
const nodeObjects = (c: Context<AppEnv>) => c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

/**
 * One upstream exchange over node:http: the client's body is piped as it arrives and the upstream's body is
 * handed back as it arrives (both streamed, nothing buffered: an event stream's events go out as they come).
 * `timeoutMs` bounds only the wait for the upstream's response head, never the body that follows, so a
 * long-lived event stream is not cut; a client that goes away takes the upstream request with it.
 */
const exchange = (
  c: Context<AppEnv>,
  target: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  streams: OpenStreams,
): Promise<Response> =>
  new Promise((resolve, reject) => {
    const method = c.req.method;
    const upstream = request(target, { method, headers, agent: isEventStreamPath(c.req.path) ? streamAgent : agent });
    const timer = setTimeout(() => {
      upstream.destroy(new UpstreamTimeout());
      // A request still queued for a socket emits its error only once a socket frees up, which never happens
      // while long-lived responses hold every one: answer the timeout now.
      reject(new UpstreamTimeout());
    }, timeoutMs);
    upstream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    upstream.once('response', (res) => {
      clearTimeout(timer);
      const empty = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
      if (empty) res.resume();
      const body = empty
        ? null
        : isEventStream(res)
          ? eventStreamBody(res, upstream, streams)
          : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status: res.statusCode ?? 502, headers: responseHeaders(res.headers) }));
    });
    const { incoming, outgoing } = nodeObjects(c) ?? {};
    outgoing?.once('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    // Whatever the method: a GET may carry a body too, and its Content-Length goes upstream with it (withheld,
    // the upstream would read the next request on the connection as that body).
    // A bodiless request sent again to another instance (forward-to-ready.ts) finds its body already ended.
    if (incoming !== undefined && !incoming.readableEnded) incoming.pipe(upstream);
    else if (c.req.raw.body !== null) Readable.fromWeb(c.req.raw.body as never).pipe(upstream);
    else upstream.end();
  });

/**
 * Forwards the request to `origin` with the same method, path, query and streamed body, adding X-Forwarded-*,
 * X-Request-Id and the W3C trace context. A refused connection answers 502 and an upstream that has not answered
 * within `timeoutMs` 504, both in the error envelope; the upstream's own answers (including its errors) pass
 * through untouched. node:http rather than fetch: undici's fetch and its WHATWG streams were a fifth of the
 * gateway's CPU per request (`node --cpu-prof` under the cart read load).
 */
export const forward = async (
  c: Context<AppEnv>,
  origin: string,
  service: string,
  timeoutMs: number,
  streams: OpenStreams,
): Promise<Response> => {
  const url = new URL(c.req.url);
  const target = new URL(`${origin}${url.pathname}${url.search}`);
  return withSpan(
    `${c.req.method} ${service}`,
    async (span) => {
      try {
        const response = await exchange(c, target, requestHeaders(c, url), timeoutMs, streams);
        span.setAttribute('http.response.status_code', response.status);
        return response;
      } catch (error) {
        if (error instanceof UpstreamTimeout) {
          throw new AppError('DEADLINE_EXCEEDED', `${service} did not answer within ${timeoutMs} ms`, {
            reason: 'UPSTREAM_TIMEOUT',
            httpStatus: 504,
          });
        }
        throw new AppError('UNAVAILABLE', `${service} is unavailable`, { reason: 'BAD_GATEWAY', httpStatus: 502, cause: error });
      }
    },
    { kind: SpanKind.CLIENT, attributes: { 'http.request.method': c.req.method, 'url.full': target.href, 'peer.service': service } },
  );
};
