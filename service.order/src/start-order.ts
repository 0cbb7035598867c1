import type { EntryLimits } from '@micro-ecommerce/pkg/config';
import { cachedTokenVerifier, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { createGrpcServer } from '@micro-ecommerce/pkg/grpc';
import { isEventStreamPath } from '@micro-ecommerce/pkg/config';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { serveService, startPeriodic, type Periodic, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { createTccCoordinator, startTccRecovery, type CrashHook, type TccRecovery } from '@micro-ecommerce/pkg/tcc';
import { randomUUID } from 'node:crypto';
import { mountOrderEventStream } from './adapters/in/http/event-stream-route.js';
import { mountOrderRoutes } from './adapters/in/http/routes.js';
import { createCheckoutCounter } from './adapters/out/metrics/checkout-counter.js';
import { createStreamMetrics } from './adapters/out/metrics/stream-metrics.js';
import { createOrderHistory } from './adapters/out/postgres/order-history.js';
import { createOrderParticipant } from './adapters/out/postgres/order-participant.js';
import { createOrderRepository } from './adapters/out/postgres/order-repository.js';
import { createOrderTransitions } from './adapters/out/postgres/order-transitions.js';
import { createStreamLeases } from './adapters/out/redis/stream-leases.js';
import { createStalledRefunds } from './adapters/out/postgres/stalled-refunds.js';
import { checkoutHandlers, orderLocalBranch } from './adapters/out/tcc/checkout-branches.js';
import { createCheckoutTransaction } from './adapters/out/tcc/checkout-transaction.js';
import { makeChangeOrderStatus } from './app/change-order-status.js';
import { makeGetOrder } from './app/get-order.js';
import { makeListOrders } from './app/list-orders.js';
import { makePlaceOrder } from './app/place-order.js';
import { makeResendStalledRefunds } from './app/resend-stalled-refunds.js';
import type { CartReader, OrderChangeFeed, OrderEvents, ProductCatalog, StockReservations, WalletDebits } from './app/ports.js';
import { makeWatchOrder } from './app/watch-order.js';
import type { OrderSection } from './config.js';

// A minute bounds how long a token signed by a key withdrawn from the JWKS is still accepted.
const TOKEN_CACHE = { maxEntries: 10_000, maxAgeMs: 60_000 };

/** What the order service needs, built (and later closed) by the caller: main.ts or a test. */
export interface OrderDeps {
  /** The stage's cost limits (http_limits, grpc message sizes); main.ts passes its config. Absent: pkg's defaults. */
  limits?: EntryLimits;
  logger: Logger;
  /** The order database (orders, tcc_global_tx, tcc_barrier). */
  pool: Pool;
  verifyToken: TokenVerifier;
  catalog: ProductCatalog;
  cart: CartReader;
  stock: StockReservations;
  wallet: WalletDebits;
  /** Publishes every order event with the local transaction that makes it true (a started producer). */
  events: OrderEvents;
  /** Counts the live streams of each account across replicas (the caller quits it after stop). */
  redis: Redis;
  /** Wakes live order streams on history changes (a started order-change listener; the caller closes it after stop). */
  changes: OrderChangeFeed;
  /**
   * Runs the TCC recovery worker and the stalled-refund follow-up; tests that fake the participants leave them off
   * (the database is shared).
   */
  recovery: boolean;
  /** Test only: see services.order.crash_at. */
  crashAt?: CrashHook;
  /** The process's metrics (initMetrics), served at GET /metrics; main.ts always passes them. */
  metrics?: Metrics;
}

/** Wires adapters → use cases → HTTP and gRPC servers (+ the recovery workers) and starts listening. */
export const startOrder = async (section: OrderSection, deps: OrderDeps): Promise<RunningService> => {
  const { logger, pool } = deps;
  const orders = createOrderRepository(pool);
  const orderParticipant = createOrderParticipant(pool, deps.events);
  const handlers = checkoutHandlers({ order: orderParticipant, stock: deps.stock, wallet: deps.wallet });
  // The order branch rides on the log's transactions, and the answer does not wait for the stock and payment
  // confirms once the decision (with the order PAID and OrderPaid on its way) is durable: recovery finishes them.
  const coordinator = createTccCoordinator({
    pool,
    handlers,
    logger,
    crashAt: deps.crashAt,
    local: orderLocalBranch(orderParticipant),
    phaseTwo: 'background',
  });
  const checkout = createCheckoutTransaction(coordinator, { timeoutMs: section.checkout_timeout_ms });

  let draining = false;
  const app = createHttpApp<AuthEnv>({
    logger,
    readiness: { postgres: () => pool.query('select 1') },
    isDraining: () => draining,
    metrics: deps.metrics,
    bulkhead: section.bulkhead.http,
    maxBodyBytes: deps.limits?.http_limits.body_bytes,
    // Never shed with 503 (EventSource would give up for good): the per-account leases bound them instead.
    eventStreamPaths: (path) => isEventStreamPath(path, 'order'),
  });
  mountOrderRoutes(
    app,
    {
      placeOrder: makePlaceOrder({
        orders,
        catalog: deps.catalog,
        cart: deps.cart,
        checkout,
        checkouts: createCheckoutCounter(),
        wallet: deps.wallet,
        newId: randomUUID,
      }),
      getOrder: makeGetOrder({ orders }),
      listOrders: makeListOrders({ orders }),
      changeOrderStatus: makeChangeOrderStatus({ orders, transitions: createOrderTransitions(pool), events: deps.events }),
    },
    cachedTokenVerifier(deps.verifyToken, TOKEN_CACHE),
    section.max_page_size,
  );
  const streams = mountOrderEventStream(app, {
    watch: makeWatchOrder({ history: createOrderHistory(pool) }),
    feed: deps.changes,
    heartbeatMs: section.event_stream_heartbeat_ms,
    logger,
    isDraining: () => draining,
    // Three missed heartbeats and a lease lapses: a dead replica's places are free again within that time.
    leases: createStreamLeases(deps.redis, {
      maxPerAccount: section.event_streams.max_per_account,
      ttlMs: 3 * section.event_stream_heartbeat_ms,
    }),
    maxPerAccount: section.event_streams.max_per_account,
    metrics: createStreamMetrics(),
  });

  // No order.v1 methods yet: the server carries the standard health service for probes and the mesh.
  const grpc = createGrpcServer({ logger, bulkhead: section.bulkhead.grpc, limits: deps.limits?.grpc });
  const running = await serveService({ app, grpc, listen: section, limits: deps.limits, onDrain: () => (draining = true) });
  const recovery: TccRecovery | undefined = deps.recovery
    ? startTccRecovery({
        pool,
        handlers,
        logger,
        intervalMs: section.recovery_interval_ms,
        batchSize: section.recovery_batch_size,
        backoff: { baseMs: 1000, maxMs: 60_000 },
      })
    : undefined;
  const followUp = section.refund_follow_up;
  const resendStalledRefunds = makeResendStalledRefunds({
    stalled: createStalledRefunds(pool, { giveUpAfterMs: followUp.give_up_after_ms }),
    events: deps.events,
    stalledAfterMs: followUp.stalled_after_ms,
    logger,
  });
  const refundFollowUp: Periodic | undefined = deps.recovery
    ? startPeriodic({
        name: 'stalled refunds',
        intervalMs: followUp.interval_ms,
        logger,
        run: async () => void (await resendStalledRefunds(section.recovery_batch_size)),
        // Nothing is stalled for seconds: the first look waits an interval, so a start-up only starts.
        runAtStart: false,
      })
    : undefined;
  logger.info({ http: running.httpPort, grpc: running.grpcPort, recovery: deps.recovery }, 'order listening');
  return {
    ...running,
    async stop() {
      // Live streams never end on their own, and the HTTP server waits for open requests: end them first
      // (their clients reconnect with Last-Event-ID, to another replica).
      draining = true;
      streams.closeAll();
      await running.stop();
      await Promise.all([recovery?.stop(), refundFollowUp?.stop()]);
    },
  };
};
