// `make bench`: GET /api/v1/cart_item with 10 items through the gateway (gateway → cart → Redis + one batched
// ProductService.GetSkuProperties), side by side with a bare hono + ioredis server that returns the same
// JSON from the same Redis. Real processes on the test ports, loopback only, bounded in time and requests.
import { serve } from '@hono/node-server';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { Hono } from 'hono';
import { api, login, newCustomer } from '../e2e/support/api.js';
import { gatewayUrl, stageConfig, startSystem } from '../e2e/support/system.js';
import { printTable, runLoad } from './run-load.js';

const DURATION_SECONDS = 10;
const CONNECTIONS = 16;
const MAX_REQUESTS = 300_000;
const ITEMS = 10;

const system = await startSystem();
const redis = createRedis(testConfig().redis.url);
try {
  const admin = stageConfig.services.customer.admins[0];
  const adminToken = await login(admin.email, admin.password);
  const variants = Array.from({ length: ITEMS }, (_, i) => ({ name: `variant ${i}`, price_cents: 1000 + i, stock: 1000 }));
  const product = await api('POST', '/api/v1/product', {
    token: adminToken,
    body: { title: 'Bench Product', body: 'benchmark', category: 'bench', variants },
  });
  if (product.status !== 201) throw new Error(`product: ${JSON.stringify(product.body)}`);
  const buyer = await newCustomer('bench');
  for (const variant of product.body.data.variants) {
    const added = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: variant.sku_id, quantity: 1 } });
    if (added.status >= 300) throw new Error(`add: ${JSON.stringify(added.body)}`);
  }
  const cartJson = await (await fetch(`${gatewayUrl}/api/v1/cart_item`, { headers: { authorization: `Bearer ${buyer.token}` } })).text();
  if (JSON.parse(cartJson).data.items.length !== ITEMS) throw new Error(`cart has not ${ITEMS} items: ${cartJson}`);

  // The baseline: the same JSON, stored in and read from the same Redis, behind a bare hono app.
  const key = `bench:cart-json:${buyer.id}`;
  await redis.set(key, cartJson, 'EX', 600);
  const bare = new Hono().get('/api/v1/cart_item', async (c) =>
    c.body((await redis.get(key)) ?? '{}', 200, { 'content-type': 'application/json' }),
  );
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
  const barePort = (bareServer.address() as { port: number }).port;

  const cartUrl = `http://${stageConfig.services.cart.http.host}:${stageConfig.services.cart.http.port}`;
  const load = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, maxRequests: MAX_REQUESTS };
  const headers = { authorization: `Bearer ${buyer.token}` };
  await runLoad('warm-up', { ...load, durationSeconds: 3, url: `${gatewayUrl}/api/v1/cart_item`, headers });
  const results = [
    await runLoad('bare hono + ioredis (same JSON, same Redis)', { ...load, url: `http://127.0.0.1:${barePort}/api/v1/cart_item` }),
    await runLoad('gateway → cart → Redis + product gRPC', { ...load, url: `${gatewayUrl}/api/v1/cart_item`, headers }),
    // The same request straight to the cart service, to separate the gateway hop from the service's own cost.
    await runLoad('cart directly (no gateway)', { ...load, url: `${cartUrl}/api/v1/cart_item`, headers }),
  ];
  printTable(`GET /api/v1/cart_item, ${ITEMS} items, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each`, results);
  bareServer.close();
  if (results.some((r) => r.non2xx > 0 || r.errors > 0)) throw new Error('some requests failed');
} finally {
  redis.disconnect();
  await system.stop();
}
