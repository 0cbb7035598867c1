// `make bench`: a benchmark that explains itself. Starts the system on the test stage with its spans exported to
// an in-process receiver, creates a realistic workload (1 000 customers with funded wallets, 200 SKUs), runs
// checkout (TCC through the gateway vs one PostgreSQL transaction) at 1, 8 and 32 connections plus a hot-SKU case,
// checks every checkout ended consistently, runs the cart read, overloads a product read (4× its capacity, with and
// without the in-flight limit), and prints throughput, the per-step latency from the services' own spans, CPU per
// process per 1 000 requests and RSS. Results: .run/bench/<time>.json + latest.json.
// Loopback only; bounded in time (about 3 minutes) and in requests.
import { serve } from '@hono/node-server';
import { createPool, DATABASES, migrateDatabase } from '@micro-ecommerce/pkg/postgres';
import { testConfig } from '@micro-ecommerce/pkg/testing';
import { api, loginAdmin } from '../e2e/support/api.js';
import { rssMb } from '../e2e/support/resident-memory.js';
import { stageConfig } from '../e2e/support/system.js';
import { startBenchSystem } from './bench-system.js';
import { cartTable, runCartGet, type CartLimits } from './cart-get.js';
import { createCatalog, deleteBenchProducts } from './catalog.js';
import { baselineApp, prepareBaseline } from './checkout-baseline.js';
import { checkoutCpuTable, checkoutTable, runCheckouts, type CheckoutScenario } from './checkout.js';
import { countStaffAccounts, createCustomers } from './customers.js';
import { capacityTable, overloadTable, runOverload, type OverloadLimits } from './overload.js';
import { CORES, infraProcesses, type Watched } from './process-stats.js';
import { writeResults } from './results-file.js';
import { breakdown, breakdownTable, groupTraces } from './span-breakdown.js';
import { startSpanReceiver } from './span-receiver.js';
import { fixed, printTable } from './table.js';
import { databaseNow, verifyCheckouts } from './verify-checkouts.js';
import { seededRandom } from './workload.js';

const CUSTOMERS = 1000;
// The largest top-up the payment service takes; an average order costs ~22 USD, so no wallet runs dry.
const WALLET_CENTS = 1_000_000;
const CATALOG = { products: 20, variantsPerProduct: 10, stock: 1_000_000 };
const SCENARIOS: CheckoutScenario[] = [
  { workload: 'realistic', connections: 1 },
  { workload: 'realistic', connections: 8 },
  { workload: 'realistic', connections: 32 },
  { workload: 'hot SKU', connections: 8 },
  { workload: 'hot SKU', connections: 32 },
];
const CHECKOUT_LIMITS = { seconds: 6, maxRequests: 20_000, settleMs: 1500 };
// The span breakdowns printed (all are in the JSON): uncontended, the goal's 8 connections, and the hot row.
const PRINTED_BREAKDOWNS = ['realistic 1', 'realistic 8', 'hot SKU 32'];
const CART_LIMITS: CartLimits = { items: 10, connections: 16, seconds: 6, maxRequests: 200_000, settleMs: 1000 };
const SETTLE_CHECKOUTS_MS = 20_000;
// Overload: one product read straight to the product service. Its capacity from closed-loop runs at rising
// connections, then 4× that offered open-loop with and without the in-flight limit.
const OVERLOAD_LIMITS: OverloadLimits = {
  // Up to the product's max_in_flight (16): the probe measures the process, not its shedding.
  probeConnections: [1, 2, 4, 8, 16],
  probeSeconds: 1.5,
  multiplier: 4,
  seconds: 5,
  timeoutMs: 5000,
  maxSockets: 1024,
};
const RSS_GOAL_MB = 150;

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;

const config = testConfig();
for (const database of DATABASES) await migrateDatabase({ config: config.postgres, database });
const receiver = await startSpanReceiver();
const systemEnv = { CONFIG__TELEMETRY__OTLP_ENDPOINT: receiver.url };
const system = await startBenchSystem(systemEnv);
const orderPool = createPool(config.postgres, 'order');
let stopped = false;
try {
  const rssAfterStart = Object.fromEntries(system.processes.map(({ name, pid }) => [name, rssMb(pid)]));
  console.log(
    `[${elapsed()}] system up; creating ${CUSTOMERS} customers with wallets and ${CATALOG.products * CATALOG.variantsPerProduct} SKUs`,
  );
  const adminToken = await loginAdmin();
  const leftovers = await deleteBenchProducts(adminToken);
  if (leftovers > 0) console.log(`  deleted ${leftovers} product(s) an earlier run left behind`);
  const random = seededRandom(42);
  const skus = await createCatalog(adminToken, { ...CATALOG, random, label: 'Bench Item' });
  const [hotSku] = await createCatalog(adminToken, { ...CATALOG, products: 1, variantsPerProduct: 1, random, label: 'Bench Hot Item' });
  const [cartBuyer, ...customers] = await createCustomers(CUSTOMERS + 1, WALLET_CENTS);
  const staffAccounts = await countStaffAccounts();
  console.log(`  every paid order notifies its buyer and ${staffAccounts} staff account(s)`);
  await prepareBaseline(
    orderPool,
    [...skus, hotSku!],
    CATALOG.stock,
    customers.map((c) => c.id),
    WALLET_CENTS,
  );
  const baselineServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: baselineApp(orderPool).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
  const baselineUrl = `http://127.0.0.1:${(baselineServer.address() as { port: number }).port}`;

  const watched: Watched[] = [
    ...system.processes.map(({ name, pid }) => ({ name, pid, descendants: false })),
    ...infraProcesses(),
    { name: 'bench (load, baseline server, span receiver)', pid: process.pid, descendants: false },
  ];
  const since = await databaseNow();
  const setup = { baselineUrl, customers, skus, hotSku: hotSku!, watched };
  console.log(`[${elapsed()}] warm-up (JIT, connection pools, caches; discarded)`);
  await runCheckouts(setup, [{ workload: 'realistic', connections: 8 }], { ...CHECKOUT_LIMITS, seconds: 3 });
  console.log(`[${elapsed()}] checkout runs, ${CHECKOUT_LIMITS.seconds} s each`);
  const checkouts = await runCheckouts(setup, SCENARIOS, CHECKOUT_LIMITS);
  const rssAfterCheckout = Object.fromEntries(system.processes.map(({ name, pid }) => [name, rssMb(pid)]));
  baselineServer.close();

  console.log(`[${elapsed()}] checking that every checkout ended consistently`);
  const verdict = await verifyCheckouts(since, SETTLE_CHECKOUTS_MS);

  console.log(`[${elapsed()}] cart reads`);
  const cart = await runCartGet(cartBuyer!, skus, watched, CART_LIMITS);
  const rssAfterCart = Object.fromEntries(system.processes.map(({ name, pid }) => [name, rssMb(pid)]));

  console.log(
    `[${elapsed()}] overload: a product read at ${OVERLOAD_LIMITS.multiplier}× its capacity, with and without the in-flight limit`,
  );
  const product = stageConfig.services.product;
  const productOrigin = `http://${product.http.host}:${product.http.port}`;
  const productId = (await api('GET', '/api/v1/product?category=bench&page_size=1')).body.data[0].id as string;
  const overload = await runOverload(
    system,
    {
      service: 'product',
      envPrefix: 'CONFIG__SERVICES__PRODUCT',
      label: 'GET /api/v1/product/{id} (product directly)',
      url: `${productOrigin}/api/v1/product/${productId}`,
      metricsUrl: `${productOrigin}/metrics`,
    },
    systemEnv,
    OVERLOAD_LIMITS,
  );

  await deleteBenchProducts(adminToken);
  // Stopping flushes every process's pending spans to the receiver (the batch processor exports on shutdown).
  await system.stop();
  stopped = true;
  const traces = groupTraces(receiver.spans);
  const breakdowns = checkouts.map((run) => ({
    run: `${run.workload} ${run.connections}`,
    ...breakdown(traces, 'POST /api/v1/order', run.tcc.load.startedAt, run.tcc.load.endedAt),
  }));
  const cartThroughGateway = cart[1]!.load;
  const cartBreakdown = breakdown(traces, 'GET /api/v1/cart_item', cartThroughGateway.startedAt, cartThroughGateway.endedAt);

  printTable(checkoutTable(checkouts, CHECKOUT_LIMITS.seconds));
  for (const result of breakdowns.filter((b) => PRINTED_BREAKDOWNS.includes(b.run)))
    printTable(breakdownTable(`Checkout spans, TCC ${result.run} connection(s)`, result));
  printTable(checkoutCpuTable(checkouts));
  printTable({
    title: `RSS of each process (VmRSS), MB; goal < ${RSS_GOAL_MB}`,
    headers: ['process', 'after start', 'after checkout load', 'after cart load', `< ${RSS_GOAL_MB} under load`],
    rows: system.processes.map(({ name }) => {
      const worst = Math.max(rssAfterCheckout[name] ?? 0, rssAfterCart[name] ?? 0);
      const cells = [rssAfterStart[name], rssAfterCheckout[name], rssAfterCart[name]].map((mb) => fixed(mb, 0));
      return [name, ...cells, worst < RSS_GOAL_MB ? 'yes' : 'NO'];
    }),
  });
  printTable({
    title: `Checkout consistency after the load (settled after ${verdict.settledAfterMs} ms)`,
    headers: ['check', 'result'],
    rows: [
      ['global transactions by state', JSON.stringify(verdict.states)],
      ['cancelled by reason', JSON.stringify(verdict.cancelReasons)],
      ['orders by status (none PENDING)', JSON.stringify(verdict.orders)],
      [
        'checkout invariants (scripts/checkout-invariants.ts)',
        verdict.checkoutViolations.length === 0
          ? 'ok'
          : `${verdict.checkoutViolations.length} VIOLATED: ${JSON.stringify(verdict.checkoutViolations.slice(0, 3))}`,
      ],
      ...verdict.invariants.map((i) => [i.name, i.violations === 0 ? 'ok' : `${i.violations} VIOLATED`]),
    ],
  });
  printTable(cartTable(cart, CART_LIMITS));
  printTable(breakdownTable('Cart read spans, through the gateway', cartBreakdown));
  printTable(capacityTable(overload, OVERLOAD_LIMITS.probeSeconds));
  printTable(overloadTable(overload, OVERLOAD_LIMITS, JSON.stringify(stageConfig.services.product.bulkhead.http)));

  const path = writeResults({
    machine: { cores: CORES },
    limits: {
      checkout: CHECKOUT_LIMITS,
      cart: CART_LIMITS,
      overload: OVERLOAD_LIMITS,
      customers: CUSTOMERS,
      skus: skus.length,
      staffAccounts,
    },
    checkouts,
    breakdowns,
    cartBreakdown,
    rss: { afterStart: rssAfterStart, afterCheckout: rssAfterCheckout, afterCart: rssAfterCart },
    verdict,
    cart,
    overload: { ...overload, stageLimit: stageConfig.services.product.bulkhead.http },
    wallSeconds: (Date.now() - startedAt) / 1000,
  });
  console.log(`\n[${elapsed()}] results written to ${path} and .run/bench/latest.json`);
  // Refusals under overload (503 from a deadline or a shed request) are results, shown in the tables; a broken
  // invariant is a bug, and fails `make bench`.
  const failed = [...checkouts.flatMap((r) => [r.baseline, r.tcc]), ...cart].some((r) => r.load.errors > 0 || r.load.non2xx > 0);
  if (failed) console.log('some requests failed: see the failed columns (statuses in the JSON)');
  if (!verdict.ok) console.log('CHECKOUT CONSISTENCY VIOLATED: see the table above');
  process.exitCode = verdict.ok ? 0 : 1;
} finally {
  await orderPool.end();
  if (!stopped) await system.stop();
  await receiver.close();
}
