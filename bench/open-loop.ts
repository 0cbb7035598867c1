// An open-loop load generator: requests leave at a fixed rate whether or not earlier ones were answered, as users
// arriving independently do. autocannon is closed-loop (each connection waits for its answer before the next
// request), so an overloaded server slows the load down and its latency is measured from the late send rather
// than from when the request was due ("coordinated omission"); here every latency counts from the request's
// scheduled time, so a backlog anywhere (in the server or in this generator) shows in it.
import { Agent, request } from 'node:http';

export interface OpenLoopOptions {
  url: string;
  /** Requests per second to offer. */
  rate: number;
  durationSeconds: number;
  /** A request without an answer after this long counts as timed out (a client that gave up). */
  timeoutMs: number;
  /** Connections the generator may open; past them requests wait in the generator (and their latency grows). */
  maxSockets: number;
}

export interface OpenLoopResult {
  offeredPerSecond: number;
  /** Requests due in the run, all of which were sent. */
  sent: number;
  /** Answers by HTTP status; 'timeout' and 'error' for requests without one. */
  outcomes: Record<string, number>;
  /** 2xx answers per second of the run: the goodput. */
  okPerSecond: number;
  /** Latency of the 2xx answers from their scheduled send time, ms. */
  okLatency: { p50: number; p99: number; max: number };
  /** Latency of the 503 answers (shed requests), ms: how fast a refusal comes. */
  shedLatency: { p50: number; p99: number };
  /** Share of the requests answered 503. */
  shedRatio: number;
  /** Share of the requests that timed out or failed without an answer. */
  failedRatio: number;
  startedAt: number;
  endedAt: number;
}

const TICK_MS = 2;

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Offers `rate` GET requests per second to `url` for `durationSeconds`, then waits for the last answers (or their timeout). */
export const runOpenLoop = async (options: OpenLoopOptions): Promise<OpenLoopResult> => {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) throw new Error(`load tests target loopback only, not ${options.url}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const total = Math.round(options.rate * options.durationSeconds);
  const okLatencies: number[] = [];
  const shedLatencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
  let answered = 0;
  let sent = 0;
  let allAnswered!: () => void;
  const done = new Promise<void>((resolve) => (allAnswered = resolve));
  const settle = (outcome: string, dueAt: number) => {
    const latency = performance.now() - dueAt;
    if (outcome.startsWith('2')) okLatencies.push(latency);
    else if (outcome === '503') shedLatencies.push(latency);
    count(outcome);
    answered += 1;
    if (answered === total) allAnswered();
  };
  const send = (dueAt: number) => {
    let finished = false;
    const finish = (outcome: string) => {
      if (finished) return;
      finished = true;
      settle(outcome, dueAt);
    };
    const req = request(options.url, { agent }, (res) => {
      res.resume();
      res.once('end', () => finish(String(res.statusCode)));
      res.once('error', () => finish('error'));
    });
    // The timeout counts from the scheduled send: time waiting for a free socket is part of the client's wait.
    const timer = setTimeout(() => (finish('timeout'), req.destroy()), Math.max(0, dueAt + options.timeoutMs - performance.now()));
    req.once('close', () => clearTimeout(timer));
    req.once('error', () => finish('error'));
    req.end();
  };

  const startedAt = Date.now();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const interval = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      for (; sent < due; sent++) send(start + (sent / options.rate) * 1000);
      if (sent === total) {
        clearInterval(interval);
        resolve();
      }
    }, TICK_MS);
  });
  if (total > 0) await done;
  const endedAt = Date.now();
  agent.destroy();

  okLatencies.sort((a, b) => a - b);
  shedLatencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const failed = (outcomes.timeout ?? 0) + (outcomes.error ?? 0);
  return {
    offeredPerSecond: options.rate,
    sent,
    outcomes,
    okPerSecond: Math.round(okLatencies.length / options.durationSeconds),
    okLatency: { p50: round(percentile(okLatencies, 50)), p99: round(percentile(okLatencies, 99)), max: round(okLatencies.at(-1) ?? NaN) },
    shedLatency: { p50: round(percentile(shedLatencies, 50)), p99: round(percentile(shedLatencies, 99)) },
    shedRatio: total > 0 ? shedLatencies.length / total : 0,
    failedRatio: total > 0 ? failed / total : 0,
    startedAt,
    endedAt,
  };
};
