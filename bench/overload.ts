// Overload without collapse: one endpoint, straight to its service. First its capacity (closed loop, rising
// connections), then 4× that offered open-loop, once with the in-flight limit (bulkhead) the stage file sets and
// once with it out of the way (the process restarted with a limit no run reaches). With the limit the excess is
// answered 503 at once and the admitted requests keep their latency; without it every request queues in the process.
import type { BenchSystem, ServiceName } from './bench-system.js';
import { runOpenLoop, type OpenLoopResult } from './open-loop.js';
import { runLoad, type LoadResult } from './run-load.js';
import { fixed, type Table } from './table.js';

export interface OverloadLimits {
  /** Closed-loop connection counts of the capacity probe, each for probeSeconds. */
  probeConnections: number[];
  probeSeconds: number;
  /** Offered load as a multiple of the measured capacity. */
  multiplier: number;
  seconds: number;
  /** A request unanswered after this long counts as failed: a client that gave up. */
  timeoutMs: number;
  /** Connections the open-loop generator may open. */
  maxSockets: number;
}

export interface OverloadTarget {
  service: ServiceName;
  /** The env key prefix of its section, e.g. CONFIG__SERVICES__PRODUCT. */
  envPrefix: string;
  /** What is loaded, for the tables, e.g. GET /api/v1/product/{id}. */
  label: string;
  url: string;
  metricsUrl: string;
}

export interface OverloadRun {
  bulkhead: 'stage limit' | 'no limit';
  /**
   * Requests the process was still working on once every client had its answer or had given up: work for nobody,
   * which whatever comes next waits behind (/metrics is never limited, so it answers even then).
   */
  leftInFlight: number;
  /** The process's refusal counter (micro_ecommerce.bulkhead.refusals) over the run, by reason. */
  serverRefusals: Record<string, number>;
  result: OpenLoopResult;
}

export interface OverloadResult {
  target: string;
  probe: Array<{ connections: number; load: LoadResult }>;
  capacityPerSecond: number;
  /** Fewest connections that reached 90 % of the capacity: the concurrency the process needs to be busy. */
  kneeConnections: number;
  runs: OverloadRun[];
}

// Far above any connection count of the runs: the limit is out of the way.
const NO_LIMIT = 1_000_000;

const refusals = async (metricsUrl: string): Promise<Record<string, number>> => {
  const text = await (await fetch(metricsUrl)).text();
  const byReason: Record<string, number> = {};
  for (const match of text.matchAll(/^micro_ecommerce_bulkhead_refusals_total\{([^}]*)\} (\S+)$/gm)) {
    if (!match[1]!.includes('protocol="http"')) continue;
    const reason = /reason="([^"]+)"/.exec(match[1]!)?.[1] ?? '?';
    byReason[reason] = (byReason[reason] ?? 0) + Number(match[2]);
  }
  return byReason;
};

/** Requests the process is still working on (micro_ecommerce.bulkhead.in_flight, HTTP), from its own /metrics. */
const inFlight = async (metricsUrl: string): Promise<number> => {
  const text = await (await fetch(metricsUrl)).text();
  const match = /^micro_ecommerce_bulkhead_in_flight\{[^}]*protocol="http"[^}]*\} (\S+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
};

const minus = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([reason, n]) => [reason, n - (before[reason] ?? 0)]));

/**
 * Probes the capacity of `target` as the system runs it (with the stage's limit, which a closed loop of at most
 * max_in_flight connections never reaches), offers `multiplier` times that open-loop, then restarts the service
 * with the limit out of the way (`env`, what every process of the system got, plus the override) and offers the
 * same again. Then the service is killed (its backlog would outlast a restart) and started as the stage says.
 */
export const runOverload = async (
  system: BenchSystem,
  target: OverloadTarget,
  env: Record<string, string>,
  limits: OverloadLimits,
): Promise<OverloadResult> => {
  const warmUp = () => runLoad('warm-up', { url: target.url, connections: 8, durationSeconds: 1, maxRequests: 200_000 });
  await warmUp();
  const probe: OverloadResult['probe'] = [];
  for (const connections of limits.probeConnections) {
    const load = await runLoad(`${connections} connections`, {
      url: target.url,
      connections,
      durationSeconds: limits.probeSeconds,
      maxRequests: 200_000,
    });
    console.log(
      `  capacity probe, ${connections} connection(s): ${load.requestsPerSecond} ok/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`,
    );
    probe.push({ connections, load });
  }
  const capacityPerSecond = Math.max(...probe.map(({ load }) => load.requestsPerSecond));
  const knee = probe.find(({ load }) => load.requestsPerSecond >= 0.9 * capacityPerSecond)!;
  const rate = Math.round(capacityPerSecond * limits.multiplier);

  const run = async (bulkhead: OverloadRun['bulkhead']): Promise<OverloadRun> => {
    const before = await refusals(target.metricsUrl);
    const result = await runOpenLoop({
      url: target.url,
      rate,
      durationSeconds: limits.seconds,
      timeoutMs: limits.timeoutMs,
      maxSockets: limits.maxSockets,
    });
    const leftInFlight = await inFlight(target.metricsUrl);
    const serverRefusals = minus(await refusals(target.metricsUrl), before);
    console.log(
      `  ${rate}/s offered, ${bulkhead}: ${result.okPerSecond} ok/s, p50 ${result.okLatency.p50} ms, p99 ${result.okLatency.p99} ms, ` +
        `shed ${fixed(result.shedRatio * 100, 0)} %, failed ${fixed(result.failedRatio * 100, 0)} %, ` +
        `${leftInFlight} requests still in the process after the last client was done`,
    );
    return { bulkhead, leftInFlight, serverRefusals, result };
  };
  const runs = [await run('stage limit')];
  await system.restart(target.service, {
    ...env,
    [`${target.envPrefix}__BULKHEAD__HTTP__MAX_IN_FLIGHT`]: String(NO_LIMIT),
    [`${target.envPrefix}__BULKHEAD__HTTP__MAX_QUEUED`]: '0',
  });
  await warmUp();
  runs.push(await run('no limit'));
  // Its backlog would take longer to work off than a restart: the bench goes on with the stage's settings.
  await system.restart(target.service, env, 'SIGKILL');
  return { target: target.label, probe, capacityPerSecond, kneeConnections: knee.connections, runs };
};

/** The capacity probe: throughput and latency as the closed-loop connections rise. */
export const capacityTable = (result: OverloadResult, seconds: number): Table => ({
  title: `Capacity of ${result.target}, closed loop, ${seconds} s each (within the limit: nothing shed)`,
  headers: ['connections', 'ok/s', 'p50 ms', 'p99 ms', 'failed'],
  rows: result.probe.map(({ connections, load }) => [
    connections,
    load.requestsPerSecond,
    load.p50Ms,
    load.p99Ms,
    load.non2xx + load.errors,
  ]),
});

/** The two open-loop runs side by side. */
export const overloadTable = (result: OverloadResult, limits: OverloadLimits, stageLimit: string): Table => ({
  title:
    `${result.target} at ${limits.multiplier}× its capacity (${result.capacityPerSecond}/s, reached at ${result.kneeConnections} ` +
    `connections), open loop, ${limits.seconds} s; latency from each request's scheduled time; a request unanswered ` +
    `after ${limits.timeoutMs / 1000} s counts as failed. Stage limit: ${stageLimit}`,
  headers: [
    'in-flight limit',
    'offered/s',
    'ok/s',
    'ok p50 ms',
    'ok p99 ms',
    'ok max ms',
    'shed (503)',
    '503 p99 ms',
    'failed',
    'left in flight',
    'refusals counted',
  ],
  rows: result.runs.map(({ bulkhead, result: r, serverRefusals, leftInFlight }) => [
    bulkhead,
    r.offeredPerSecond,
    r.okPerSecond,
    fixed(r.okLatency.p50),
    fixed(r.okLatency.p99),
    fixed(r.okLatency.max, 0),
    `${fixed(r.shedRatio * 100, 1)} %`,
    fixed(r.shedLatency.p99),
    `${fixed(r.failedRatio * 100, 1)} %`,
    leftInFlight,
    JSON.stringify(serverRefusals),
  ]),
});
