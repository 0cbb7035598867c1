import type { EntryLimits } from '@micro-ecommerce/pkg/config';
import type { AuthEnv, TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { WalletServiceService } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { createGrpcServer } from '@micro-ecommerce/pkg/grpc';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { serveService, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { walletGrpcService } from './adapters/in/grpc/server.js';
import { mountPaymentRoutes } from './adapters/in/http/routes.js';
import { PgWalletStore } from './adapters/out/postgres/pg-wallet-store.js';
import { makeCancelDebit } from './app/cancel-debit.js';
import { makeConfirmDebit } from './app/confirm-debit.js';
import { makeGetWallet } from './app/get-wallet.js';
import { makeListPayments } from './app/list-payments.js';
import type { PaymentEvents, PaymentProvider } from './app/ports.js';
import { makeTopUp } from './app/top-up.js';
import { makeTryDebit } from './app/try-debit.js';
import type { PaymentSection } from './config.js';

/** The clients the payment service needs, built (and later closed) by the caller: main.ts or a test. */
export interface PaymentDeps {
  /** The stage's cost limits (http_limits, grpc message sizes); main.ts passes its config. Absent: pkg's defaults. */
  limits?: EntryLimits;
  logger: Logger;
  /** Pool of the `payment` database. */
  pool: Pool;
  provider: PaymentProvider;
  /** Publishes WalletCredited with a top-up's credit (a started producer). */
  events: PaymentEvents;
  verifyToken: TokenVerifier;
  /** Test only: see services.payment.crash_at. */
  crashAt?: CrashHook;
  /** The process's metrics (initMetrics), served at GET /metrics; main.ts always passes them. */
  metrics?: Metrics;
}

/** The running payment service (ports and a draining stop). */
export type RunningPayment = RunningService;

/** Wires adapters → use cases → HTTP and gRPC servers and starts listening (port 0 picks a free port). */
export const startPayment = async (section: PaymentSection, deps: PaymentDeps): Promise<RunningPayment> => {
  const store = new PgWalletStore(deps.pool, deps.crashAt);

  let draining = false;
  const app = createHttpApp<AuthEnv>({
    logger: deps.logger,
    readiness: { postgres: () => deps.pool.query('select 1') },
    isDraining: () => draining,
    metrics: deps.metrics,
    bulkhead: section.bulkhead.http,
    maxBodyBytes: deps.limits?.http_limits.body_bytes,
  });
  mountPaymentRoutes(
    app,
    {
      getWallet: makeGetWallet({ store }),
      topUp: makeTopUp({ store, provider: deps.provider, events: deps.events, maxTopUpCents: section.max_topup_cents }),
      listPayments: makeListPayments({ store }),
    },
    {
      verifyToken: deps.verifyToken,
      maxPageSize: section.max_page_size,
      maxTopUpCents: section.max_topup_cents,
      cardTokens: deps.provider.knownTokens,
    },
  );

  const grpc = createGrpcServer({ logger: deps.logger, bulkhead: section.bulkhead.grpc, limits: deps.limits?.grpc });
  grpc.addService(
    WalletServiceService,
    walletGrpcService({
      tryDebit: makeTryDebit({ store }),
      confirmDebit: makeConfirmDebit({ store }),
      cancelDebit: makeCancelDebit({ store }),
    }),
  );

  const running = await serveService({ app, grpc, listen: section, limits: deps.limits, onDrain: () => (draining = true) });
  deps.logger.info({ http: running.httpPort, grpc: running.grpcPort }, 'payment listening');
  return running;
};
