import { randomUUID } from 'node:crypto';
import { loadConfig } from '@micro-ecommerce/pkg/config';
import { clientConfig, createPool } from '@micro-ecommerce/pkg/postgres';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testTokens, type TestTokens } from '@micro-ecommerce/pkg/testing';
import { EventProducer, TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import type { Metrics } from '@micro-ecommerce/pkg/telemetry';
import pg from 'pg';
import { pino } from 'pino';
import { orderConfigSchema, type OrderSection } from '../src/config.js';
import { startOrderChangeListener } from '../src/adapters/out/postgres/order-change-listener.js';
import { createOrderEventChecker } from '../src/adapters/out/postgres/order-event-checker.js';
import { createOrderEventPublisher } from '../src/adapters/out/rocketmq/order-event-publisher.js';
import { startOrder } from '../src/start-order.js';
import { FakeCart, FakeCatalog } from './fakes/fake-catalog.js';
import { FakeStock } from './fakes/fake-stock.js';
import { FakeWallet } from './fakes/fake-wallet.js';

export const { config } = loadConfig(orderConfigSchema, { defaultStage: 'config/test.yaml' });
const logger = pino({ level: 'silent' });

/**
 * The whole order service in-process on free ports, against the real order database, with in-memory product,
 * cart, stock and payment behind our own ports, the real RocketMQ producer for order events, and helpers to call it as a customer would.
 * Given `metrics` (initMetrics, once per test file), the service serves them at GET /metrics.
 */
export const startOrderHarness = async (
  overrides: Partial<OrderSection> = {},
  options: { metrics?: Metrics; tokens?: TestTokens } = {},
) => {
  const section: OrderSection = {
    ...config.services.order,
    http: { host: '127.0.0.1', port: 0 },
    grpc: { host: '127.0.0.1', port: 0 },
    ...overrides,
  };
  const pool = createPool(config.postgres, 'order');
  const redis = createRedis(config.redis.url);
  // Replicas of one test share a signing key, so a token works on each of them.
  const tokens = options.tokens ?? (await testTokens());
  const catalog = new FakeCatalog();
  const cart = new FakeCart();
  const stock = new FakeStock();
  const wallet = new FakeWallet();
  // The broker is local infrastructure like the database: the real transactional producer, real check-backs.
  const producer = new EventProducer({
    config: config.rocketmq,
    topics: [TOPICS.orderEvents],
    checker: createOrderEventChecker(pool),
    logger,
  });
  await producer.start();
  const events = createOrderEventPublisher(producer);
  const changes = await startOrderChangeListener({ newClient: () => new pg.Client(clientConfig(config.postgres, 'order')), logger });
  const order = await startOrder(section, {
    logger,
    pool,
    redis,
    verifyToken: tokens.verifyToken,
    catalog,
    cart,
    stock,
    wallet,
    events,
    changes,
    recovery: false,
    metrics: options.metrics,
  });

  const harness = {
    config,
    pool,
    redis,
    tokens,
    events,
    httpPort: order.httpPort,
    catalog,
    cart,
    stock,
    wallet,

    /** A customer no other run has used (the database is shared and persistent), with a token. */
    async newCustomer() {
      const id = randomUUID();
      return { id, authorization: await tokens.bearerFor(id) };
    },

    /** A staff member (role staff), with a token. */
    async newStaff() {
      const id = randomUUID();
      return { id, authorization: await tokens.bearerFor(id, 'staff') };
    },

    /** A SKU known to the catalog and the stock from now on. */
    newSku(options: { priceCents?: bigint; available?: number; title?: string } = {}): string {
      const skuId = randomUUID();
      catalog.put({ skuId, priceCents: options.priceCents ?? 1000n, ...(options.title ? { title: options.title } : {}) });
      stock.put(skuId, options.available ?? 10);
      return skuId;
    },

    /** Calls the HTTP API; the body is sent as JSON unless it is a string already. */
    async api(authorization: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const all: Record<string, string> = { ...headers, ...(authorization === null ? {} : { authorization }) };
      if (body !== undefined) all['content-type'] = 'application/json';
      const res = await fetch(`http://127.0.0.1:${order.httpPort}${path}`, {
        method,
        headers: all,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as any) };
    },

    /** A new customer's order of `quantity` units of a new SKU, placed through the API and PAID (201). */
    async paidOrder(options: { priceCents?: bigint; quantity?: number } = {}) {
      const customer = await harness.newCustomer();
      wallet.topUp(customer.id, 10_000n);
      const res = await harness.api(customer.authorization, 'POST', '/api/v1/order', {
        items: [{ sku_id: harness.newSku({ priceCents: options.priceCents ?? 1000n }), quantity: options.quantity ?? 1 }],
      });
      if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { customer, orderId: res.body.data.id as string };
    },

    /** GET /metrics: the Prometheus text the service serves. */
    async metricsText() {
      const res = await fetch(`http://127.0.0.1:${order.httpPort}/metrics`);
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
      return res.text();
    },

    /** The checkout's global transaction, as the coordinator logged it. */
    async globalTx(orderId: string) {
      const { rows } = await pool.query<{ xid: string; state: string; reason: string | null }>(
        `SELECT g.xid, g.state, g.reason FROM tcc_global_tx g JOIN orders o ON o.xid = g.xid WHERE o.id = $1`,
        [orderId],
      );
      return rows[0];
    },

    async stop() {
      await order.stop();
      await changes.close();
      await producer.stop();
      await pool.end();
      await redis.quit();
    },
  };
  return harness;
};

export type OrderHarness = Awaited<ReturnType<typeof startOrderHarness>>;
