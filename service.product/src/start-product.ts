import type { EntryLimits } from '@micro-ecommerce/pkg/config';
import type { TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { ProductServiceService, StockServiceService } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcServer } from '@micro-ecommerce/pkg/grpc';
import { serveService, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import { pingMongo, type MongoClient } from '@micro-ecommerce/pkg/mongodb';
import type { Pool } from '@micro-ecommerce/pkg/postgres';
import type { EventProducer } from '@micro-ecommerce/pkg/rocketmq';
import type { CrashHook } from '@micro-ecommerce/pkg/tcc';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { productServiceHandlers } from './adapters/in/grpc/server.js';
import { stockServiceHandlers } from './adapters/in/grpc/stock-server.js';
import { createProductHttpApp } from './adapters/in/http/product-http-app.js';
import { createCatalogRepository, ensureCatalogIndexes } from './adapters/out/mongodb/catalog-repository.js';
import { withSummaryCache } from './adapters/out/mongodb/summary-cache.js';
import { createReservationRepository } from './adapters/out/postgres/reservation-repository.js';
import { createSkuRepository } from './adapters/out/postgres/sku-repository.js';
import { SkuViewFeedPublisher } from './adapters/out/rocketmq/sku-view-feed.js';
import type { Clock, SkuViewFeed } from './app/ports.js';
import { makeReadSkuViews } from './app/read-sku-views.js';
import { makeStockUseCases } from './app/stock-use-cases.js';
import { makeProductUseCases } from './app/use-cases.js';
import type { ProductSettings } from './config.js';

/** What the service is wired from; main.ts builds these from config, tests build their own. */
export interface ProductDeps {
  /** The stage's cost limits (http_limits, grpc message sizes); main.ts passes its config. Absent: pkg's defaults. */
  limits?: EntryLimits;
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
  /**
   * Started producer for catalog-events: SKU view changes are published through it (the SKU view feed). Without
   * one (tests that do not look at events) changes are not published.
   */
  producer?: Pick<EventProducer, 'publish'>;
}

/**
 * The running product service: the bound ports (port 0 in settings picks free ones), the SKU view feed (the
 * event consumers report their changes to it too) and a stop that drains the servers, then flushes the feed
 * once more, so changes made by the requests in flight are published too.
 */
export type RunningProduct = RunningService & { skuViews: SkuViewFeed };

const systemClock: Clock = { now: () => new Date() };
const notPublished: SkuViewFeed = { skuViewsChanged: () => {} };

/** Wires adapters, use cases and both servers; shared by main.ts and the integration tests. */
export const startProduct = async (settings: ProductSettings, deps: ProductDeps): Promise<RunningProduct> => {
  const { logger, pool, mongo } = deps;
  // The catalog (collection `products`) lives in the database mongodb.url names (product, product_test).
  const db = mongo.db();
  // Indexes only speed reads up; a catalog store that is still starting must not keep the service down.
  await ensureCatalogIndexes(db).catch((error: unknown) =>
    logger.warn({ err: error }, 'catalog indexes not ensured; retried at next start'),
  );
  const catalog =
    settings.summary_cache.ttl_ms === 0
      ? createCatalogRepository(db)
      : withSummaryCache(createCatalogRepository(db), {
          ttlMs: settings.summary_cache.ttl_ms,
          maxEntries: settings.summary_cache.max_entries,
        });
  const skus = createSkuRepository(pool);
  const feed =
    deps.producer === undefined
      ? undefined
      : new SkuViewFeedPublisher({
          read: makeReadSkuViews({ catalog, skus, currency: settings.currency }),
          producer: deps.producer,
          intervalMs: settings.sku_view_feed.flush_interval_ms,
          logger,
        });
  const skuViews = feed ?? notPublished;
  const useCases = makeProductUseCases({ catalog, skus, clock: deps.clock ?? systemClock, currency: settings.currency, skuViews });

  let draining = false;
  const app = createProductHttpApp({
    logger,
    readiness: { postgres: () => pool.query('select 1'), mongodb: () => pingMongo(mongo) },
    isDraining: () => draining,
    metrics: deps.metrics,
    bulkhead: settings.bulkhead.http,
    maxBodyBytes: settings.catalog_body_bytes,
    useCases,
    verifyToken: deps.verifyToken,
  });

  const grpc = createGrpcServer({ logger, bulkhead: settings.bulkhead.grpc, limits: deps.limits?.grpc });
  grpc.addService(ProductServiceService, productServiceHandlers(useCases));
  grpc.addService(
    StockServiceService,
    stockServiceHandlers(makeStockUseCases({ reservations: createReservationRepository(pool, deps.crashAt), skuViews })),
  );
  const running = await serveService({ app, grpc, listen: settings, limits: deps.limits, onDrain: () => (draining = true) });
  feed?.start();
  return {
    ...running,
    skuViews,
    stop: async () => {
      await running.stop();
      await feed?.stop();
    },
  };
};
