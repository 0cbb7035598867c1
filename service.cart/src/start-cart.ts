import type { EntryLimits } from '@micro-ecommerce/pkg/config';
import { cachedTokenVerifier, type TokenVerifier, type AuthEnv } from '@micro-ecommerce/pkg/auth';
import { CartServiceService } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import type { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcServer, type GrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createHttpApp } from '@micro-ecommerce/pkg/http';
import { serveService, type RunningService } from '@micro-ecommerce/pkg/lifecycle';
import type { Logger } from '@micro-ecommerce/pkg/logger';
import type { Redis } from '@micro-ecommerce/pkg/redis';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import { cartGrpcService } from './adapters/in/grpc/server.js';

import { mountCartRoutes } from './adapters/in/http/routes.js';
import { createProductCatalog } from './adapters/out/grpc/product-client.js';
import { createRedisSkuViews } from './adapters/out/redis/redis-sku-views.js';
import { createRedisCartStore } from './adapters/out/redis/redis-cart-store.js';
import { makeAddCartItem } from './app/add-cart-item.js';
import { makeGetCartLines } from './app/get-cart-lines.js';
import { makeGetCart } from './app/get-cart.js';
import { makeRemoveBoughtItems } from './app/remove-bought-items.js';
import { makeRemoveCartItem } from './app/remove-cart-item.js';
import { makeSetCartItemQuantity } from './app/set-cart-item-quantity.js';
import type { CartSection } from './config.js';
import type { CartLimits } from './domain/cart-limits.js';

// A minute bounds how long a token signed by a key withdrawn from the JWKS is still accepted.
const TOKEN_CACHE = { maxEntries: 10_000, maxAgeMs: 60_000 };

/** The clients the cart needs, built (and later closed) by the caller: main.ts or a test. */
export interface CartDeps {
  /** The stage's cost limits (http_limits, grpc message sizes); main.ts passes its config. Absent: pkg's defaults. */
  limits?: EntryLimits;
  logger: Logger;
  redis: Redis;
  product: GrpcClient<ProductServiceClient>;
  verifyToken: TokenVerifier;
  /** The process's metrics (initMetrics), served at GET /metrics; main.ts always passes them. */
  metrics?: Metrics;
}

/** The running cart service (ports and a draining stop). */
export type RunningCart = RunningService;

/** Wires adapters → use cases → HTTP and gRPC servers and starts listening (port 0 picks a free port). */
export const startCart = async (section: CartSection, deps: CartDeps): Promise<RunningCart> => {
  const limits: CartLimits = { maxLines: section.max_lines, maxQuantityPerLine: section.max_quantity_per_line };
  const store = createRedisCartStore(deps.redis, { ttlSeconds: section.ttl_seconds });
  const catalog = createProductCatalog(deps.product, { deadlineMs: section.product_deadline_ms });
  const views = section.sku_view_max_age_ms === 0 ? undefined : createRedisSkuViews(deps.redis, { maxAgeMs: section.sku_view_max_age_ms });

  let draining = false;
  const app = createHttpApp<AuthEnv>({
    logger: deps.logger,
    // Product is left out on purpose: its outage turns cart reads into 503s, but restarting the cart cannot fix it.
    readiness: { redis: () => deps.redis.ping() },
    isDraining: () => draining,
    metrics: deps.metrics,
    bulkhead: section.bulkhead.http,
    maxBodyBytes: deps.limits?.http_limits.body_bytes,
  });
  mountCartRoutes(
    app,
    {
      getCart: makeGetCart({ store, catalog, views }),
      addCartItem: makeAddCartItem({ store, catalog, limits }),
      setCartItemQuantity: makeSetCartItemQuantity({ store, catalog, limits }),
      removeCartItem: makeRemoveCartItem({ store }),
    },
    cachedTokenVerifier(deps.verifyToken, TOKEN_CACHE),
    limits,
  );

  const grpc = createGrpcServer({ logger: deps.logger, bulkhead: section.bulkhead.grpc, limits: deps.limits?.grpc });
  grpc.addService(
    CartServiceService,
    cartGrpcService({ getCartLines: makeGetCartLines({ store }), removeBoughtItems: makeRemoveBoughtItems({ store }) }),
  );

  const running = await serveService({ app, grpc, listen: section, limits: deps.limits, onDrain: () => (draining = true) });
  deps.logger.info({ http: running.httpPort, grpc: running.grpcPort }, 'cart listening');
  return running;
};
