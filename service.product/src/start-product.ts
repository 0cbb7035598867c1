import type { TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { ProductServiceService, StockServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcServer } from '@micro-ecommerce/pkg/grpc';
import { serveService, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import { pingMongo, type MongoClient } from '@micro-ecommerce/pkg/mongodb';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { productServiceHandlers } from './adapters/in/grpc/server.js';
import { stockServiceHandlers } from './adapters/in/grpc/stock-server.js';
import { createProductHttpApp } from './adapters/in/http/product-http-app.js';
import { createCatalogRepository, ensureCatalogIndexes } from './adapters/out/mongodb/catalog-repository.js';
import { withSummaryCache } from './adapters/out/mongodb/summary-cache.js';
import { createReservationRepository } from './adapters/out/postgres/reservation-repository.js';
import { createSkuRepository } from './adapters/out/postgres/sku-repository.js';
import type { Clock } from './app/ports.js';
import { makeStockUseCases } from './app/stock-use-cases.js';
import { makeProductUseCases } from './app/use-cases.js';
import type { ProductSettings } from './config.js';

/** What the service is wired from; main.ts builds these from config, tests build their own. */
export interface ProductDeps {
  logger: Logger;
  /** Pool on the `product` PostgreSQL database. */
  pool: Pool;
  mongo: MongoClient;
  verifyToken: TokenVerifier;
  clock?: Clock;
  /** Test only: see services.product.crash_at. */
  crashAt?: CrashHook;
  /** The process's metrics (initMetrics), served at GET /metrics; main.ts always passes them. */
  metrics?: Metrics;
}

/** A started product service: the bound ports (port 0 in settings picks free ones) and how to stop it. */
/** The running product service (ports and a draining stop). */
export type RunningProduct = RunningService;

const systemClock: Clock = { now: () => new Date() };

/** Wires adapters, use cases and both servers; shared by main.ts and the integration tests. */
export const startProduct = async (settings: ProductSettings, deps: ProductDeps): Promise<RunningProduct> => {
  const { logger, pool, mongo } = deps;
  // The catalog (collection `products`) lives in the database mongodb.url names (product, product_test).
  const db = mongo.db();
  // Indexes only speed reads up; a catalog store that is still starting must not keep the service down.
  await ensureCatalogIndexes(db).catch((error: unknown) =>
    logger.warn({ err: error }, 'catalog indexes not ensured; retried at next start'),
  );
  const useCases = makeProductUseCases({
    catalog:
      settings.summary_cache.ttl_ms === 0
        ? createCatalogRepository(db)
        : withSummaryCache(createCatalogRepository(db), {
            ttlMs: settings.summary_cache.ttl_ms,
            maxEntries: settings.summary_cache.max_entries,
          }),
    skus: createSkuRepository(pool),
    clock: deps.clock ?? systemClock,
    currency: settings.currency,
  });

  let draining = false;
  const app = createProductHttpApp({
    logger,
    readiness: { postgres: () => pool.query('select 1'), mongodb: () => pingMongo(mongo) },
    isDraining: () => draining,
    metrics: deps.metrics,
    useCases,
    verifyToken: deps.verifyToken,
  });

  const grpc = createGrpcServer({ logger });
  grpc.addService(ProductServiceService, productServiceHandlers(useCases));
  grpc.addService(
    StockServiceService,
    stockServiceHandlers(makeStockUseCases({ reservations: createReservationRepository(pool, deps.crashAt) })),
  );
  return serveService({ app, grpc, listen: settings, onDrain: () => (draining = true) });
};
