// `make bench` (second part): checkout throughput and latency through the gateway (TCC over order, stock and
// payment: three processes, a global transaction log, barriers), side by side with a baseline that performs
// the same business row writes in ONE local PostgreSQL transaction. Loopback only, bounded in time and requests.
import { serve } from '@hono/node-server';
import { createPool } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { api, login, newCustomer } from '../e2e/support/api.js';
import { gatewayUrl, stageConfig, startSystem } from '../e2e/support/system.js';
import { baselineApp, prepareBaseline } from './checkout-baseline.js';
import { printTable, runLoad } from './run-load.js';

const DURATION_SECONDS = 10;
const CONNECTIONS = 8;
const MAX_REQUESTS = 100_000;
const PRICE_CENTS = 1;

const system = await startSystem();
const orderPool = createPool(testConfig().postgres, 'order');
try {
  const admin = stageConfig.services.customer.admins[0];
  const adminToken = await login(admin.email, admin.password);
  const product = await api('POST', '/api/v1/product', {
    token: adminToken,
    body: {
      title: 'Bench Checkout Item',
      body: 'benchmark',
      category: 'bench',
      variants: [{ name: 'one', price_cents: PRICE_CENTS, stock: 1_000_000 }],
    },
  });
  if (product.status !== 201) throw new Error(`product: ${JSON.stringify(product.body)}`);
  const skuId: string = product.body.data.variants[0].sku_id;
  const buyer = await newCustomer('bench-checkout');
  const topup = await api('POST', '/api/v1/payment/topup', {
    token: buyer.token,
    body: { amount_cents: 1_000_000, card_token: 'tok_visa' },
  });
  if (topup.status !== 201) throw new Error(`topup: ${JSON.stringify(topup.body)}`);

  const baseline = await prepareBaseline(orderPool, PRICE_CENTS);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: baselineApp(orderPool, baseline).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;

  const body = JSON.stringify({ items: [{ sku_id: skuId, quantity: 1 }] });
  const load = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, maxRequests: MAX_REQUESTS, method: 'POST' as const, body };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` };
  await runLoad('warm-up', { ...load, durationSeconds: 3, url: `${gatewayUrl}/api/v1/order`, headers });
  const results = [
    await runLoad('one local PostgreSQL transaction (same business rows)', { ...load, url: `http://127.0.0.1:${port}/checkout`, headers }),
    await runLoad('TCC checkout through the gateway', { ...load, url: `${gatewayUrl}/api/v1/order`, headers }),
  ];
  printTable(`POST checkout of 1 unit, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each`, results);
  server.close();
  if (results.some((r) => r.non2xx > 0 || r.errors > 0)) throw new Error('some checkouts failed');
} finally {
  await orderPool.end();
  await system.stop();
}
