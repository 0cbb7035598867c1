import { createTokenVerifier } from '@micro-ecommerce/pkg/auth';
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { CartServiceClient } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import { WalletServiceClient } from '@micro-ecommerce/pkg/gen/payment/v1/payment';
import { ProductServiceClient, StockServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient, TargetCircuit } from '@micro-ecommerce/pkg/grpc';
import { onShutdown } from '@micro-ecommerce/pkg/lifecycle';
import { createLogger } from '@micro-ecommerce/pkg/logger';
import { clientConfig, createPool } from '@micro-ecommerce/pkg/postgres';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { exitAtStep } from '@micro-ecommerce/pkg/tcc';
import { initMetrics, initTelemetry } from '@micro-ecommerce/pkg/telemetry';
import pg from 'pg';
import { createCartReader } from './adapters/out/grpc/cart-client.js';
import { createWalletDebits } from './adapters/out/grpc/payment-client.js';
import { createProductCatalog } from './adapters/out/grpc/product-client.js';
import { startOrderChangeListener } from './adapters/out/postgres/order-change-listener.js';
import { createOrderEventChecker } from './adapters/out/postgres/order-event-checker.js';
import { createOrderEventPublisher } from './adapters/out/rocketmq/order-event-publisher.js';
import { createStockReservations } from './adapters/out/grpc/stock-client.js';
import { orderConfigSchema } from './config.js';
import { startOrderConsumers } from './start-consumers.js';
import { startOrder } from './start-order.js';

// Composition root: the only place that reads configuration and builds clients.
const { config, source, overriddenKeys } = loadConfig(orderConfigSchema, { defaultStage: 'config/local.yaml' });
const section = config.services.order;
const logger = createLogger('order', config.log);
logger.info({ stage: source, overridden_keys: overriddenKeys }, 'configuration loaded');
const telemetry = initTelemetry({ serviceName: 'order', config: config.telemetry });
const metrics = initMetrics({ serviceName: 'order' });

const pool = createPool(config.postgres, 'order');
// Only the live streams' leases: checkout never waits for Redis, so it is no part of /readyz.
const redis = createRedis(config.redis.url, logger);
// One circuit breaker per target service, shared by all of that service's clients.
const through = (target: string) => ({ grpc: config.grpc, circuit: new TargetCircuit(target, config.grpc.circuit_breaker, logger) });
const toProduct = through('product');
const product = createGrpcClient(ProductServiceClient, config.addresses.product, toProduct);
const stock = createGrpcClient(StockServiceClient, config.addresses.product, toProduct);
const cart = createGrpcClient(CartServiceClient, config.addresses.cart, through('cart'));
const wallet = createGrpcClient(WalletServiceClient, config.addresses.payment, through('payment'));
const verifyToken = createTokenVerifier({
  keys: { jwksUrl: config.auth.jwks_url },
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});
const callOptions = { deadlineMs: section.call_deadline_ms };
// Started before serving: a confirm or cancel cannot run without it, and check-backs need the checker listening.
const producer = new EventProducer({
  config: config.rocketmq,
  topics: [TOPICS.orderEvents],
  checker: createOrderEventChecker(pool),
  logger,
});
await producer.start();

// Test only (crash-recovery tests): dies like a killed process at the named coordinator or event step.
const crashAt = exitAtStep(section.crash_at, logger);

const events = createOrderEventPublisher(producer, crashAt);
// One LISTEN session per replica: every live order stream of this process is woken through it.
const changes = await startOrderChangeListener({ newClient: () => new pg.Client(clientConfig(config.postgres, 'order')), logger });

const order = await startOrder(section, {
  logger,
  limits: config,
  pool,
  redis,
  verifyToken,
  catalog: createProductCatalog(product, callOptions),
  cart: createCartReader(cart, callOptions),
  stock: createStockReservations(stock, callOptions),
  wallet: createWalletDebits(wallet, callOptions),
  events,
  changes,
  recovery: true,
  crashAt,
  metrics,
});

// After the servers listen: checkout never waits for fulfilment's consumers (nor for payment or product to refund).
const consumers = await startOrderConsumers(config, { logger, pool, events });

onShutdown(logger, [
  { name: 'event consumers', run: () => consumers.stop() },
  { name: 'http and grpc servers, live streams, recovery worker', run: () => order.stop() },
  { name: 'order change listener', run: () => changes.close() },
  // After the servers, the consumers and the recovery worker: nothing can still be publishing.
  { name: 'rocketmq producer', run: () => producer.stop() },
  { name: 'grpc clients', run: async () => [product, stock, cart, wallet].forEach((client) => client.close()) },
  { name: 'postgres', run: () => pool.end() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'telemetry', run: () => telemetry.shutdown() },
  { name: 'metrics', run: () => metrics.shutdown() },
]);
