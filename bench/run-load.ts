import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  connections: number;
  durationSeconds: number;
  /** Hard cap on requests, so a run is bounded in requests as well as in time. */
  maxRequests: number;
}

/** Runs autocannon against one loopback URL and condenses the result. */
export const runLoad = async (name: string, options: LoadOptions): Promise<LoadResult> => {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) throw new Error(`load tests target loopback only, not ${options.url}`);
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration: options.durationSeconds,
    // `amount` would make autocannon ignore the duration; this caps requests while keeping the time bound.
    maxOverallRequests: options.maxRequests,
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
};

/** Prints results side by side, with each one's throughput relative to the first. */
export const printTable = (title: string, results: LoadResult[]): void => {
  const base = results[0]!;
  console.log(`\n${title}`);
  console.log('| scenario | req/s | p50 ms | p99 ms | requests | non-2xx | errors | req/s vs first |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = (r.requestsPerSecond / base.requestsPerSecond).toFixed(2);
    console.log(`| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.requests} | ${r.non2xx} | ${r.errors} | ${ratio} |`);
  }
};
