import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  /** Successful (2xx) responses per second of the run: what the scenario really delivered. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  errors: number;
  /** Responses by HTTP status, e.g. { '201': 812, '409': 3 }. */
  statusCodes: Record<string, number>;
  /** Wall-clock time of the run. */
  startedAt: number;
  endedAt: number;
}

/** One request's varying parts, for a workload where every request differs (customer, order lines). */
export interface RequestParts {
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  /** Called for every request; what it returns replaces the body and adds to the headers. */
  nextRequest?: () => RequestParts;
  connections: number;
  durationSeconds: number;
  /** Hard cap on requests, so a run is bounded in requests as well as in time. */
  maxRequests: number;
}

type AutocannonRequest = { headers?: Record<string, string>; body?: string | Buffer };

/** Runs autocannon against one loopback URL and condenses the result. */
export const runLoad = async (name: string, options: LoadOptions): Promise<LoadResult> => {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) throw new Error(`load tests target loopback only, not ${options.url}`);
  const next = options.nextRequest;
  const startedAt = Date.now();
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
    // autocannon rebuilds the request (and its Content-Length) whenever a request has a setupRequest.
    ...(next === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (request: AutocannonRequest) => {
                const parts = next();
                return { ...request, headers: { ...request.headers, ...parts.headers }, body: parts.body ?? request.body };
              },
            },
          ],
        }),
    connections: options.connections,
    duration: options.durationSeconds,
    // `amount` would make autocannon ignore the duration; this caps requests while keeping the time bound.
    maxOverallRequests: options.maxRequests,
  } as autocannon.Options);
  const endedAt = Date.now();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0]));
  return {
    name,
    requestsPerSecond: Math.round(result['2xx'] / Math.max(result.duration, 0.001)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes,
    startedAt,
    endedAt,
  };
};
