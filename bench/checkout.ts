// Checkout throughput and latency: TCC through the gateway (order, stock and payment in three processes, a global
// transaction log, barriers) against the same business rows in ONE local PostgreSQL transaction, with the same
// order stream on both sides, at each connection count, for a realistic mix and for a single hot SKU.
import { gatewayUrl } from '../e2e/support/system.js';
import type { BenchCustomer } from './customers.js';
import type { BenchSku } from './catalog.js';
import { measuredLoad, type MeasuredLoad } from './measured-load.js';
import { CORES, type Watched } from './process-stats.js';
import type { RequestParts } from './run-load.js';
import { fixed, ratio, type Table } from './table.js';
import { orderStream, seededRandom, type BenchOrder, type WorkloadShape } from './workload.js';

export interface CheckoutScenario {
  workload: 'realistic' | 'hot SKU';
  connections: number;
}

export interface CheckoutRun extends CheckoutScenario {
  baseline: MeasuredLoad;
  tcc: MeasuredLoad;
}

export interface CheckoutSetup {
  baselineUrl: string;
  customers: readonly BenchCustomer[];
  skus: readonly BenchSku[];
  hotSku: BenchSku;
  watched: Watched[];
}

export interface CheckoutLimits {
  seconds: number;
  maxRequests: number;
  /** Pause after each run, for its background work to land in its CPU count and not in the next run. */
  settleMs: number;
}

// Realistic: 1–3 lines of uniform SKUs, 1–3 units each. Hot: every order buys one unit of the same SKU.
const REALISTIC: WorkloadShape = { maxLines: 3, maxQuantity: 3 };
const HOT: WorkloadShape = { maxLines: 1, maxQuantity: 1 };

const tccRequest = (order: BenchOrder): RequestParts => ({
  headers: { authorization: `Bearer ${order.customer.token}` },
  body: JSON.stringify({ items: order.items }),
});

const baselineRequest = (order: BenchOrder): RequestParts => ({
  headers: { 'x-customer-id': order.customer.id },
  body: JSON.stringify({ items: order.items }),
});

/** Runs every scenario, the baseline first, each side with the same seeded order stream. */
export const runCheckouts = async (setup: CheckoutSetup, scenarios: CheckoutScenario[], limits: CheckoutLimits): Promise<CheckoutRun[]> => {
  const runs: CheckoutRun[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const hot = scenario.workload === 'hot SKU';
    const stream = () => orderStream(seededRandom(1000 + index), setup.customers, hot ? [setup.hotSku] : setup.skus, hot ? HOT : REALISTIC);
    const load = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      connections: scenario.connections,
      durationSeconds: limits.seconds,
      maxRequests: limits.maxRequests,
    };
    const label = `${scenario.workload}, ${scenario.connections} conn`;
    const baselineOrders = stream();
    const baseline = await measuredLoad(
      `baseline ${label}`,
      { ...load, url: `${setup.baselineUrl}/checkout`, nextRequest: () => baselineRequest(baselineOrders()) },
      setup.watched,
      limits.settleMs,
    );
    const tccOrders = stream();
    const tcc = await measuredLoad(
      `TCC      ${label}`,
      { ...load, url: `${gatewayUrl}/api/v1/order`, nextRequest: () => tccRequest(tccOrders()) },
      setup.watched,
      limits.settleMs,
    );
    runs.push({ ...scenario, baseline, tcc });
  }
  return runs;
};

const failures = (run: MeasuredLoad): string =>
  run.load.non2xx + run.load.errors === 0 ? '0' : `${run.load.non2xx + run.load.errors} (${JSON.stringify(run.load.statusCodes)})`;

/** Throughput and latency of both sides per scenario, with TCC relative to the baseline. */
export const checkoutTable = (runs: CheckoutRun[], seconds: number): Table => ({
  title: `Checkout, ${seconds} s per run (req/s = 2xx per second; baseline = same rows in one PostgreSQL transaction)`,
  headers: [
    'workload',
    'conn',
    'baseline req/s',
    'baseline p50 ms',
    'baseline p99 ms',
    'TCC req/s',
    'TCC p50 ms',
    'TCC p99 ms',
    'TCC/baseline req/s',
    'TCC failed',
  ],
  rows: runs.map((r) => [
    r.workload,
    r.connections,
    r.baseline.load.requestsPerSecond,
    r.baseline.load.p50Ms,
    r.baseline.load.p99Ms,
    r.tcc.load.requestsPerSecond,
    r.tcc.load.p50Ms,
    r.tcc.load.p99Ms,
    ratio(r.tcc.load.requestsPerSecond, r.baseline.load.requestsPerSecond),
    failures(r.tcc),
  ]),
});

/** CPU seconds per 1 000 successful checkouts, per process, for every run of both sides. */
export const checkoutCpuTable = (runs: CheckoutRun[]): Table => {
  const columns = runs.flatMap((r) => [
    { name: `base ${r.workload === 'hot SKU' ? 'hot ' : ''}${r.connections}`, run: r.baseline },
    { name: `TCC ${r.workload === 'hot SKU' ? 'hot ' : ''}${r.connections}`, run: r.tcc },
  ]);
  const processes = Object.keys(columns[0]?.run.cpu.perThousand ?? {});
  const total = (run: MeasuredLoad) => Object.values(run.cpu.perThousand).reduce((sum, v) => sum + v, 0);
  const share = (run: MeasuredLoad) => Object.values(run.cpu.seconds).reduce((sum, v) => sum + v, 0) / (run.cpu.wallSeconds * CORES);
  return {
    title: 'CPU seconds per 1 000 successful checkouts (from /proc utime+stime, including the settle pause after each run)',
    headers: ['process', ...columns.map((c) => c.name)],
    rows: [
      ...processes.map((name) => [name, ...columns.map((c) => fixed(c.run.cpu.perThousand[name], 2))]),
      ['**total**', ...columns.map((c) => fixed(total(c.run), 2))],
      ['these processes, % of all cores', ...columns.map((c) => fixed(share(c.run) * 100, 0))],
      // The difference to the line above is other work on the machine: a noisy neighbour shows here.
      ['machine busy %, all processes', ...columns.map((c) => fixed(c.run.cpu.machineBusy * 100, 0))],
    ],
  };
};
