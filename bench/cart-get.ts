// GET /api/v1/cart_item with 10 items through the gateway (gateway → cart → Redis + one batched
// ProductService.GetSkuProperties) and straight to the cart service, side by side with a bare hono + ioredis
// server that returns the same JSON from the same Redis.
import { serve } from '@hono/node-server';
import { createRedis } from '@micro-ecommerce/pkg/redis';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { Hono } from 'hono';
import { api } from '../e2e/support/api.js';
import { gatewayUrl, stageConfig } from '../e2e/support/system.js';
import type { BenchCustomer } from './customers.js';
import type { BenchSku } from './catalog.js';
import { measuredLoad, type MeasuredLoad } from './measured-load.js';
import type { Watched } from './process-stats.js';
import { runLoad } from './run-load.js';
import { fixed, ratio, type Table } from './table.js';

export interface CartLimits {
  items: number;
  connections: number;
  seconds: number;
  maxRequests: number;
  settleMs: number;
}

/** Fills `buyer`'s cart with `limits.items` SKUs, then loads the three paths; the first result is the bare baseline. */
export const runCartGet = async (
  buyer: BenchCustomer,
  skus: readonly BenchSku[],
  watched: Watched[],
  limits: CartLimits,
): Promise<MeasuredLoad[]> => {
  const headers = { authorization: `Bearer ${buyer.token}` };
  for (const sku of skus.slice(0, limits.items)) {
    const added = await api('POST', '/api/v1/cart_item', { token: buyer.token, body: { sku_id: sku.skuId, quantity: 1 } });
    if (added.status >= 300) throw new Error(`add to cart: ${added.status} ${JSON.stringify(added.body)}`);
  }
  const cartJson = await (await fetch(`${gatewayUrl}/api/v1/cart_item`, { headers })).text();
  if (JSON.parse(cartJson).data.items.length !== limits.items) throw new Error(`the cart has not ${limits.items} items: ${cartJson}`);

  // The baseline: the same JSON, stored in and read from the same Redis, behind a bare hono app.
  const redis = createRedis(testConfig().redis.url);
  const key = `bench:cart-json:${buyer.id}`;
  await redis.set(key, cartJson, 'EX', 600);
  const bare = new Hono().get('/api/v1/cart_item', async (c) =>
    c.body((await redis.get(key)) ?? '{}', 200, { 'content-type': 'application/json' }),
  );
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
  try {
    const barePort = (bareServer.address() as { port: number }).port;
    const cartUrl = `http://${stageConfig.services.cart.http.host}:${stageConfig.services.cart.http.port}`;
    const load = { connections: limits.connections, durationSeconds: limits.seconds, maxRequests: limits.maxRequests };
    await runLoad('warm-up', { ...load, durationSeconds: 2, url: `${gatewayUrl}/api/v1/cart_item`, headers });
    const measure = (name: string, url: string) => measuredLoad(name, { ...load, url, headers }, watched, limits.settleMs);
    return [
      await measure('bare hono + ioredis (same JSON, same Redis)', `http://127.0.0.1:${barePort}/api/v1/cart_item`),
      await measure('gateway → cart → Redis (cart + SKU views; product on a miss)', `${gatewayUrl}/api/v1/cart_item`),
      // The same request straight to the cart service, to separate the gateway hop from the service's own cost.
      await measure('cart directly (no gateway)', `${cartUrl}/api/v1/cart_item`),
    ];
  } finally {
    await new Promise((resolve) => bareServer.close(resolve));
    redis.disconnect();
  }
};

/** req/s, p50, p99 and the ratio to the bare server, plus the CPU per 1 000 reads of the busiest processes. */
export const cartTable = (results: MeasuredLoad[], limits: CartLimits): Table => {
  const bare = results[0]!.load;
  return {
    title: `GET /api/v1/cart_item, ${limits.items} items, ${limits.connections} connections, ${limits.seconds} s each`,
    headers: ['path', 'req/s', 'p50 ms', 'p99 ms', 'p99/p50', 'req/s vs bare', 'failed', 'CPU s per 1 000 reads (top 3)'],
    rows: results.map(({ load, cpu }) => [
      load.name,
      load.requestsPerSecond,
      load.p50Ms,
      load.p99Ms,
      ratio(load.p99Ms, load.p50Ms),
      ratio(load.requestsPerSecond, bare.requestsPerSecond),
      load.non2xx + load.errors,
      Object.entries(cpu.perThousand)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, seconds]) => `${name} ${fixed(seconds, 2)}`)
        .join(', '),
    ]),
  };
};
