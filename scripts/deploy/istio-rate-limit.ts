import {
  EVENT_STREAM_ROUTES,
  matchRoute,
  rateLimitClassesOf,
  READ_METHODS,
  type RateLimitClass,
  type Route,
  type RouteTable,
} from '@micro-ecommerce/pkg/config';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import { INGRESS_HTTP_PORT, INGRESS_SELECTOR, ISTIO_NAMESPACE } from './deploy-contract.js';
import { ingressHttpFilterBeforeRouter } from './ingress-filter-patch.js';
import { ingressRouteName } from './istio-routing.js';

// The rate limits of config/routes.yaml at the Istio ingress gateway, as Envoy's local rate limit filter.
//
// Istio 1.31 (infrastructure/variables.tf) ships an Envoy whose local_ratelimit takes `rate_limits` in its own
// (per-route) config and wildcard descriptors: an entry with a key and no value gets a token bucket per value
// seen, kept in an LRU of max_dynamic_descriptors. So each route class is enforced per client address
// (`remote_address`: the downstream address, which the ingress takes from X-Forwarded-For only as far as its
// numTrustedProxies allows), split into reads and writes by the `:method` header, like the local gateway.
// What local limiting cannot do, and the local gateway does:
// - the buckets live in each ingress pod: N replicas let an address through N times the quota;
// - no per-subject bucket: the token's `sub` reaches the filter chain only as a header the client could also
//   send, and sharing either bucket across pods needs Envoy's global rate limit service (with Redis), which
//   this deployment does not run;
// - the 429 is Envoy's own plain-text answer (x-envoy-ratelimited), not the error envelope, without RateLimit,
//   RateLimit-Policy or Retry-After.

/** Envoy's name of the filter and its config type. */
export const LOCAL_RATE_LIMIT_FILTER = 'envoy.filters.http.local_ratelimit';
export const LOCAL_RATE_LIMIT_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

/** The descriptor key the :method match sets to read or write. */
export const METHOD_DESCRIPTOR_KEY = 'method_class';

/** Client addresses one ingress pod keeps a bucket for, per route and method class (least recently seen go first). */
export const MAX_ADDRESSES_PER_BUCKET = 10_000;

export const RATE_LIMIT_FILTER_NAME = 'public-api-rate-limit';

const READ_METHODS_REGEX = `^(${READ_METHODS.join('|')})$`;

const tokenBucket = (quota: number, windowSeconds: number) => ({
  max_tokens: quota,
  tokens_per_fill: quota,
  fill_interval: `${windowSeconds}s`,
});

const allRequests = (runtimeKey: string) => ({ runtime_key: runtimeKey, default_value: { numerator: 100, denominator: 'HUNDRED' } });

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

// The descriptor of one method class: `method_class` as the :method match names it, then the client address.
const methodMatch = (methodClass: 'read' | 'write') => ({
  header_value_match: {
    descriptor_key: METHOD_DESCRIPTOR_KEY,
    descriptor_value: methodClass,
    // Writes are everything that is not a read.
    expect_match: methodClass === 'read',
    headers: [{ name: ':method', string_match: { safe_regex: { regex: READ_METHODS_REGEX } } }],
  },
});

/** The local_ratelimit config of one ingress route: a bucket per client address for reads and one for writes. */
export const routeRateLimitConfig = (routeName: string, route: Route, classes: Readonly<Record<string, RateLimitClass>>) => {
  const names = rateLimitClassesOf(route.rate_limit);
  const read = classes[names.read]!;
  const write = classes[names.write]!;
  return {
    '@type': LOCAL_RATE_LIMIT_TYPE,
    stat_prefix: `public_api_${routeName.replace(/-/g, '_')}`,
    // Envoy wants a route-level bucket, and a descriptor's fill interval must be a multiple of its interval. Only
    // a request matching neither descriptor would use it, and every request has a method and an address.
    token_bucket: tokenBucket(Math.max(read.per_ip, write.per_ip), gcd(read.window_seconds, write.window_seconds)),
    always_consume_default_token_bucket: false,
    filter_enabled: allRequests('public_api_rate_limit_enabled'),
    filter_enforced: allRequests('public_api_rate_limit_enforced'),
    max_dynamic_descriptors: MAX_ADDRESSES_PER_BUCKET,
    rate_limits: (['read', 'write'] as const).map((methodClass) => ({ actions: [methodMatch(methodClass), { remote_address: {} }] })),
    descriptors: (
      [
        ['read', read],
        ['write', write],
      ] as const
    ).map(([methodClass, limits]) => ({
      // remote_address without a value: one bucket per address.
      entries: [{ key: METHOD_DESCRIPTOR_KEY, value: methodClass }, { key: 'remote_address' }],
      token_bucket: tokenBucket(limits.per_ip, limits.window_seconds),
    })),
  };
};

// Every ingress route with the routes.yaml route whose class it takes: the event streams take the class of the
// prefix route they lie in, as they do at the local gateway.
const ingressRoutes = (routes: readonly Route[]): Array<{ name: string; route: Route }> => [
  ...EVENT_STREAM_ROUTES.map((stream) => ({ name: stream.name, route: matchRoute(routes, stream.example)! })),
  ...routes.map((route) => ({ name: ingressRouteName(route), route })),
];

/**
 * The EnvoyFilter on the ingress gateway's pods (in istio-system, beside them): the local_ratelimit filter in
 * the HTTP filter chain, and on each route of the public VirtualService its classes' buckets.
 */
export const ingressRateLimit = (table: RouteTable) =>
  new EnvoyFilter({
    metadata: { name: RATE_LIMIT_FILTER_NAME, namespace: ISTIO_NAMESPACE },
    spec: {
      workloadSelector: { labels: INGRESS_SELECTOR },
      // A relative patch (INSERT_BEFORE) with a priority is applied in a defined order (istioctl IST0151).
      priority: 10,
      configPatches: [
        // Without a bucket of its own: the filter only limits where a route's config below gives one.
        ingressHttpFilterBeforeRouter(LOCAL_RATE_LIMIT_FILTER, { '@type': LOCAL_RATE_LIMIT_TYPE, stat_prefix: 'public_api_rate_limit' }),
        ...ingressRoutes(table.routes).map(({ name, route }) => ({
          applyTo: 'HTTP_ROUTE' as const,
          match: { context: 'GATEWAY' as const, routeConfiguration: { portNumber: INGRESS_HTTP_PORT, vhost: { route: { name } } } },
          patch: {
            operation: 'MERGE' as const,
            value: { typed_per_filter_config: { [LOCAL_RATE_LIMIT_FILTER]: routeRateLimitConfig(name, route, table.rateLimitClasses) } },
          },
        })),
      ],
    },
  });
