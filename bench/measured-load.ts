import { CORES, cpuSeconds, machineCpu, type Watched } from './process-stats.js';
import { runLoad, type LoadOptions, type LoadResult } from './run-load.js';

/** What a run cost in CPU: per process, and the machine's busy share while the load ran. */
export interface CpuUse {
  /** CPU seconds per process over the run and the settle pause after it (background work it caused). */
  seconds: Record<string, number>;
  /** The same per 1 000 successful requests. */
  perThousand: Record<string, number>;
  /** Busy share of all cores over the same interval, 0..1: far below 1 with a slow run means it waits, not computes. */
  machineBusy: number;
  /** The interval `seconds` covers: the load and the settle pause. */
  wallSeconds: number;
}

export interface MeasuredLoad {
  load: LoadResult;
  cpu: CpuUse;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * runLoad with the CPU it cost: /proc counters of `watched` before the load and `settleMs` after it, so work a
 * request leaves for later (phase two, event consumers) is charged to the run that caused it.
 */
export const measuredLoad = async (name: string, options: LoadOptions, watched: Watched[], settleMs: number): Promise<MeasuredLoad> => {
  const before = cpuSeconds(watched);
  const machineBefore = machineCpu();
  const load = await runLoad(name, options);
  await sleep(settleMs);
  const after = cpuSeconds(watched);
  const machineAfter = machineCpu();
  const seconds: Record<string, number> = {};
  const perThousand: Record<string, number> = {};
  for (const name of Object.keys(after)) {
    seconds[name] = after[name]! - (before[name] ?? 0);
    perThousand[name] = load.ok > 0 ? (seconds[name] / load.ok) * 1000 : NaN;
  }
  const wall = machineAfter.total - machineBefore.total;
  const machineBusy = wall > 0 ? (machineAfter.busy - machineBefore.busy) / wall : NaN;
  console.log(
    `  ${name}: ${load.requestsPerSecond} ok/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.ok} ok, ` +
      `${load.non2xx} non-2xx, ${load.errors} errors, machine ${Math.round(machineBusy * 100)}% busy of ${CORES} cores`,
  );
  return { load, cpu: { seconds, perThousand, machineBusy, wallSeconds: (load.endedAt - load.startedAt + settleMs) / 1000 } };
};
