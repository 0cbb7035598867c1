import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv, VerifiedPrincipal } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { bearerAuth, failure, failureWithRetryAfter } from '@micro-ecommerce/pkg/http';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { OrderChangeFeed, StreamLeases } from '../../../app/ports.js';
import type { StreamMetrics } from '../../out/metrics/stream-metrics.js';
import type { WatchOrder } from '../../../app/watch-order.js';
import { orderJson, statusChangeJson } from './order-json.js';
import { eventStreamHeaders, orderIdParams } from './schemas.js';
import { viewerOf } from './viewer.js';

export interface EventStreamOptions {
  watch: WatchOrder;
  feed: OrderChangeFeed;
  /** Pause between two heartbeat comments; each also re-reads the history (a missed NOTIFY costs at most this). */
  heartbeatMs: number;
  logger: Logger;
  isDraining: () => boolean;
  /** An account's places for streams, shared by the replicas; a lease is renewed by every heartbeat. */
  leases: StreamLeases;
  /** The places per account the leases grant (for the refusal's details). */
  maxPerAccount: number;
  metrics: StreamMetrics;
}

/** The open streams of this process; closeAll ends them (shutdown: the HTTP server waits for them otherwise). */
export interface EventStreams {
  closeAll(): void;
  readonly open: number;
}

// One event of the stream as a client parses it (the WHATWG fields): `data` is JSON text, `id` a history seq.
const sseEvent = z
  .object({
    event: z.string().optional(),
    id: z.string().regex(/^\d+$/).optional(),
    data: z.string().openapi({ description: 'JSON: the order (event status) or a history row' }),
    retry: z.number().int().optional(),
  })
  .openapi('OrderStreamEvent', { description: 'One Server-Sent Event (the stream is a sequence of them).' });

const route = createRoute({
  method: 'get',
  path: '/api/v1/order/{id}/events',
  summary: 'Live tracking (Server-Sent Events): the current status at once, then every change; Last-Event-ID resumes',
  description:
    'Without Last-Event-ID the first event is `status` (data: the order, as GET /order/{id}; id: the seq of its latest history ' +
    'row, 0 if none). Then one event per history row, named by its event type (OrderPaid, OrderAccepted, OrderShipped, ' +
    'OrderDelivered, OrderCancelled, RefundIssued, StockReturned, OrderRefunded; id: the row seq; data: {order_id, seq, ' +
    'status, event_type, actor_id, reason, occurred_at}). A `: heartbeat` comment keeps idle connections open. With ' +
    'Last-Event-ID every row after that seq is sent instead of the status event. A stream never outlives the token it ' +
    "was opened with: at the token's exp the server sends a `TokenExpired` event (no id; data: {expires_at}) and ends " +
    'the stream; the client opens it again with a fresh token and Last-Event-ID, and misses nothing. One account holds ' +
    'at most services.order.event_streams.max_per_account streams at once (across replicas): past it 429 ' +
    'TOO_MANY_STREAMS; close one, or retry after Retry-After.',
  security: bearerAuth,
  request: { params: orderIdParams, headers: eventStreamHeaders },
  responses: {
    200: {
      content: { 'text/event-stream': { schema: sseEvent } },
      description: "the event stream: it ends at the token's exp (after a TokenExpired event), never on its own otherwise",
    },
    401: failure('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED'),
    404: failure("ORDER_NOT_FOUND (also another customer's order)"),
    429: failureWithRetryAfter(
      'TOO_MANY_STREAMS: the account already holds its maximum of open streams (details: max_per_account, ' +
        'retry_after_seconds: until its oldest unrenewed place lapses); close one or retry after Retry-After',
    ),
    503: failure('SHUTTING_DOWN: this replica is draining; reconnect'),
  },
});

// A seq sent as `id:` earlier; anything else is ignored (a fresh stream starts with the status event).
const seqOf = (lastEventId: string | undefined): number | null =>
  lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : null;

// setTimeout takes a 32-bit delay (about 24.8 days); a longer one would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Mounts GET /api/v1/order/{id}/events (the owner or staff); tokens are checked by mountOrderRoutes' middleware. */
export const mountOrderEventStream = (app: OpenAPIHono<AuthEnv>, options: EventStreamOptions): EventStreams => {
  const { watch, feed, heartbeatMs, logger, leases, metrics } = options;
  const stops = new Set<() => void>();

  const release = (accountId: string, leaseId: string) =>
    // A lease that cannot be released lapses on its own, after three heartbeats.
    leases.release(accountId, leaseId).catch((error: unknown) => logger.warn({ err: error }, 'cannot release an order stream lease'));

  const run = async (
    stream: SSEStreamingApi,
    orderId: string,
    first: { seq: number; status: unknown } | null,
    resumeAfter: number,
    holder: { principal: VerifiedPrincipal; leaseId: string },
  ) => {
    const { principal, leaseId } = holder;
    let lastSeq = resumeAfter;
    let dirty = true;
    let done = false;
    let expired = false;
    let wake: (() => void) | undefined;
    const poke = () => {
      dirty = true;
      wake?.();
    };
    const stop = () => {
      done = true;
      wake?.();
    };
    // Subscribed before the first read: a change committed from here on wakes the loop, none falls in between.
    const unsubscribe = feed.subscribe(orderId, { onChange: poke, onClose: stop });
    stops.add(stop);
    metrics.opened();
    stream.onAbort(stop);
    // The token was checked once, at the start: the stream ends when it would no longer pass that check.
    const expiry = setTimeout(
      () => {
        expired = true;
        stop();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, principal.expiresAt - Date.now())),
    );
    const heartbeat = setInterval(() => {
      void stream.write(': heartbeat\n\n');
      poke();
      // A lease that lapsed (Redis unreachable for three heartbeats, or this process stalled) may have had its
      // place taken: the stream ends and the client, reconnecting, competes for a place again.
      leases.renew(principal.customerId, leaseId).then(
        (held) => {
          if (!held) stop();
        },
        (error: unknown) => logger.warn({ err: error, order_id: orderId }, 'cannot renew an order stream lease'),
      );
    }, heartbeatMs);
    try {
      if (first !== null) await stream.writeSSE({ id: String(first.seq), event: 'status', data: JSON.stringify(first.status) });
      while (!done) {
        if (!dirty) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        dirty = false;
        const changes = await watch.changesAfter(orderId, lastSeq);
        for (const change of changes) {
          if (done) break;
          await stream.writeSSE({ id: String(change.seq), event: change.eventType, data: JSON.stringify(statusChangeJson(change)) });
          lastSeq = change.seq;
        }
        // A full page may have more behind it.
        if (changes.length > 0) dirty = true;
      }
      // Without an id, so that the client's Last-Event-ID stays the last row it got.
      if (expired)
        await stream.writeSSE({ event: 'TokenExpired', data: JSON.stringify({ expires_at: new Date(principal.expiresAt).toISOString() }) });
    } catch (error) {
      // The client reconnects with Last-Event-ID: closing loses nothing.
      logger.warn({ err: error, order_id: orderId }, 'order event stream failed; closing it');
    } finally {
      clearTimeout(expiry);
      clearInterval(heartbeat);
      unsubscribe();
      stops.delete(stop);
      metrics.closed();
      await release(principal.customerId, leaseId);
    }
  };

  app.openapi(route, async (c) => {
    if (options.isDraining()) throw new AppError('UNAVAILABLE', 'this replica is shutting down', { reason: 'SHUTTING_DOWN' });
    const { id } = c.req.valid('param');
    const resumeAfter = seqOf(c.req.valid('header')['last-event-id']);
    const principal = c.var.principal;
    // Before any read: a refused stream costs one Redis round trip.
    const leaseId = randomUUID();
    const lease = await leases.acquire(principal.customerId, leaseId);
    if (!lease.granted) {
      metrics.refused();
      throw new AppError('RESOURCE_EXHAUSTED', `this account already holds ${options.maxPerAccount} open order streams`, {
        reason: 'TOO_MANY_STREAMS',
        details: { max_per_account: options.maxPerAccount, retry_after_seconds: Math.ceil(lease.retryAfterMs / 1000) },
      });
    }
    let started;
    try {
      // Access is checked before the stream starts, so a refusal is a plain JSON error.
      started = await watch.start(viewerOf(principal), id);
    } catch (error) {
      await release(principal.customerId, leaseId);
      throw error;
    }
    const { order, seq } = started;
    // Proxies that buffer by default (nginx) pass the stream through as it comes.
    c.header('X-Accel-Buffering', 'no');
    const first = resumeAfter === null ? { seq, status: orderJson(order) } : null;
    return streamSSE(c, (stream) => run(stream, order.id, first, resumeAfter ?? seq, { principal, leaseId })) as never;
  });

  return {
    closeAll: () => [...stops].forEach((stop) => stop()),
    get open() {
      return stops.size;
    },
  };
};
