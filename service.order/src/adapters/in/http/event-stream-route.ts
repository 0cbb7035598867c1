import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '@micro-ecommerce/pkg/auth';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { bearerAuth, failure } from '@micro-ecommerce/pkg/http';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { OrderChangeFeed } from '../../../app/ports.js';
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
    'Last-Event-ID every row after that seq is sent instead of the status event.',
  security: bearerAuth,
  request: { params: orderIdParams, headers: eventStreamHeaders },
  responses: {
    200: { content: { 'text/event-stream': { schema: sseEvent } }, description: 'the event stream (never ends on its own)' },
    401: failure('MISSING_TOKEN, INVALID_TOKEN or TOKEN_EXPIRED'),
    404: failure("ORDER_NOT_FOUND (also another customer's order)"),
    503: failure('SHUTTING_DOWN: this replica is draining; reconnect'),
  },
});

// A seq sent as `id:` earlier; anything else is ignored (a fresh stream starts with the status event).
const seqOf = (lastEventId: string | undefined): number | null =>
  lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : null;

/** Mounts GET /api/v1/order/{id}/events (the owner or staff); tokens are checked by mountOrderRoutes' middleware. */
export const mountOrderEventStream = (app: OpenAPIHono<AuthEnv>, options: EventStreamOptions): EventStreams => {
  const { watch, feed, heartbeatMs, logger } = options;
  const stops = new Set<() => void>();

  const run = async (stream: SSEStreamingApi, orderId: string, first: { seq: number; status: unknown } | null, resumeAfter: number) => {
    let lastSeq = resumeAfter;
    let dirty = true;
    let done = false;
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
    stream.onAbort(stop);
    const heartbeat = setInterval(() => {
      void stream.write(': heartbeat\n\n');
      poke();
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
    } catch (error) {
      // The client reconnects with Last-Event-ID: closing loses nothing.
      logger.warn({ err: error, order_id: orderId }, 'order event stream failed; closing it');
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
      stops.delete(stop);
    }
  };

  app.openapi(route, async (c) => {
    if (options.isDraining()) throw new AppError('UNAVAILABLE', 'this replica is shutting down', { reason: 'SHUTTING_DOWN' });
    const { id } = c.req.valid('param');
    const resumeAfter = seqOf(c.req.valid('header')['last-event-id']);
    // Access is checked before the stream starts, so a refusal is a plain JSON error.
    const { order, seq } = await watch.start(viewerOf(c.var.principal), id);
    // Proxies that buffer by default (nginx) pass the stream through as it comes.
    c.header('X-Accel-Buffering', 'no');
    const first = resumeAfter === null ? { seq, status: orderJson(order) } : null;
    return streamSSE(c, (stream) => run(stream, order.id, first, resumeAfter ?? seq)) as never;
  });

  return {
    closeAll: () => [...stops].forEach((stop) => stop()),
    get open() {
      return stops.size;
    },
  };
};
