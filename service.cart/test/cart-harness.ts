import { loadConfig } from '@micro-ecommerce/pkg/config';
import { CartServiceClient } from '@micro-ecommerce/pkg/gen/cart/v1/cart';
import { ProductServiceClient } from '@micro-ecommerce/pkg/gen/product/v1/product';
import { createGrpcClient, type GrpcClient } from '@micro-ecommerce/pkg/grpc';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { pino } from 'pino';
import { cartConfigSchema, type CartSection } from '../src/config.js';
import { startCart } from '../src/start-cart.js';
import { FakeProductServer, type FakeServedSku } from './fakes/fake-product-server.js';
import { testTokens } from '@micro-ecommerce/pkg/testing';

export const { config } = loadConfig(cartConfigSchema, { defaultStage: 'config/test.yaml' });
/** The test stage's cart section on free ports. */
export const section: CartSection = {
  ...config.services.cart,
  http: { host: '127.0.0.1', port: 0 },
  grpc: { host: '127.0.0.1', port: 0 },
  // Every read asks the fake product, whose answers the tests change at will and count; the read model has its
  // own tests (get-cart.test.ts, redis-sku-views.int.test.ts, e2e walking skeleton).
  sku_view_max_age_ms: 0,
};
export const logger = pino({ level: 'silent' });

/**
 * The whole cart service in-process on free ports, against the real Redis and a fake product service over
 * real gRPC (or any product client the test passes), with helpers to call it as a customer would.
 */
export const startCartHarness = async (options: { productAddress?: string } = {}) => {
  const redis = createRedis(config.redis.url);
  const tokens = await testTokens();
  const product = new FakeProductServer();
  const address = options.productAddress ?? (await product.start(logger));
  const productClient = createGrpcClient(ProductServiceClient, address, { grpc: config.grpc });
  const cart = await startCart(section, { logger, redis, product: productClient, verifyToken: tokens.verifyToken });
  const cartGrpc: GrpcClient<CartServiceClient> = createGrpcClient(CartServiceClient, `127.0.0.1:${cart.grpcPort}`, { grpc: config.grpc });
  const customers: string[] = [];

  return {
    redis,
    product,
    cartGrpc,

    /** A customer no other test run has used (the Redis database is shared and persistent), with a token. */
    async newCustomer() {
      const id = `test-${crypto.randomUUID()}`;
      customers.push(id);
      return { id, authorization: await tokens.bearerFor(id) };
    },

    /** A SKU the fake product service knows from now on. */
    newSku(facts: Partial<FakeServedSku> = {}): string {
      const id = `sku-${crypto.randomUUID()}`;
      product.put(id, facts);
      return id;
    },

    /** Calls the cart's HTTP API; the body is sent as JSON unless it is a string already. */
    async api(authorization: string | null, method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = authorization === null ? {} : { authorization };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`http://127.0.0.1:${cart.httpPort}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : (JSON.parse(text) as any) };
    },

    async stop() {
      await cart.stop();
      cartGrpc.close();
      productClient.close();
      await product.stop();
      if (customers.length > 0) await redis.del(...customers.map((id) => `cart:${id}`));
      await redis.quit();
    },
  };
};

export type CartHarness = Awaited<ReturnType<typeof startCartHarness>>;
