import { AppError, isAppError } from '@micro-ecommerce/pkg/errors';
import type { AppEnv } from '@micro-ecommerce/pkg/http';
import type { Context } from 'hono';
import { forward, type OpenStreams } from './forward.js';
import type { Upstreams } from './upstreams.js';

// Codes of a connection that failed before any answer: nothing listens, or the instance closed it.
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH']);

const connectionFailed = (error: unknown): boolean =>
  isAppError(error) &&
  error.reason === 'BAD_GATEWAY' &&
  CONNECTION_FAILURES.has(String((error.cause as NodeJS.ErrnoException | undefined)?.code ?? ''));

// Only a request that is safe to send twice and has no body to replay (the body is streamed, never buffered):
// a POST that reached an instance just before it failed may have taken effect there.
const replayable = (c: Context<AppEnv>): boolean =>
  (c.req.method === 'GET' || c.req.method === 'HEAD') &&
  (c.req.header('content-length') ?? '0') === '0' &&
  c.req.header('transfer-encoding') === undefined;

/**
 * Forwards to a ready instance of `service` (Upstreams.pick). A connection that fails takes that instance out of
 * rotation at once; a bodiless GET or HEAD is then sent once more to another instance, anything else
 * answers 502 as before. The service's own answers, 503 included, pass through untouched: whether an instance
 * should get traffic is its /readyz's call, not a guess from one response.
 */
export const forwardToReady = async (
  c: Context<AppEnv>,
  upstreams: Upstreams,
  service: string,
  timeoutMs: number,
  streams: OpenStreams,
): Promise<Response> => {
  const first = await upstreams.pick(service);
  if (first === undefined) throw new AppError('UNAVAILABLE', `no address for ${service}`, { reason: 'BAD_GATEWAY', httpStatus: 502 });
  try {
    return await forward(c, first, service, timeoutMs, streams);
  } catch (error) {
    if (!connectionFailed(error)) throw error;
    upstreams.markDown(first);
    const second = await upstreams.pick(service, first);
    if (!replayable(c) || second === undefined || second === first) throw error;
    return forward(c, second, service, timeoutMs, streams);
  }
};
