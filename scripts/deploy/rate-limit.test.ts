// The ingress's rate limit (infrastructure/manifests/istio/rate-limit.yaml) against config/routes.yaml: every
// public route has its classes' numbers, per client address, split by method as the local gateway splits them.
import { EVENT_STREAM_ROUTES, loadRouteTableWithLimits, matchRoute, rateLimitClassFor } from '@micro-ecommerce/pkg/config';
import { describe, expect, it } from 'vitest';
import { INGRESS_SELECTOR, ISTIO_NAMESPACE } from './deploy-contract.js';
import { LOCAL_RATE_LIMIT_FILTER, LOCAL_RATE_LIMIT_TYPE, METHOD_DESCRIPTOR_KEY, RATE_LIMIT_FILTER_NAME } from './istio-rate-limit.js';
import { MANIFESTS_DIR } from './manifest-files.js';
import { readManifests } from './read-manifests.js';

const table = loadRouteTableWithLimits('config/routes.yaml');
const manifests = readManifests(MANIFESTS_DIR);
const filter = manifests.find((doc) => doc.kind === 'EnvoyFilter' && doc.metadata.name === RATE_LIMIT_FILTER_NAME);
const patches: any[] = filter?.spec?.configPatches ?? [];
const ingressRoutes: any[] = manifests.find((doc) => doc.kind === 'VirtualService' && doc.metadata.name === 'public-api')?.spec?.http ?? [];

// The local_ratelimit config the EnvoyFilter gives the ingress route named `name`.
const configOfRoute = (name: string): any =>
  patches.find((p) => p.applyTo === 'HTTP_ROUTE' && p.match?.routeConfiguration?.vhost?.route?.name === name)?.patch?.value
    ?.typed_per_filter_config?.[LOCAL_RATE_LIMIT_FILTER];

// What Envoy enforces for a request of `method` on that route: the descriptor the rate_limits produce for it,
// emulated here (header_value_match on :method, then remote_address), and that descriptor's token bucket.
const bucketFor = (config: any, method: string): { quota: number; windowSeconds: number; entries: any[] } => {
  const produced = config.rate_limits
    .map((limit: any) =>
      limit.actions.map((action: any) => {
        if (action.remote_address !== undefined) return { key: 'remote_address' };
        const match = action.header_value_match;
        const isRead = new RegExp(match.headers[0].string_match.safe_regex.regex).test(method);
        return isRead === match.expect_match ? { key: match.descriptor_key, value: match.descriptor_value } : undefined;
      }),
    )
    .filter((entries: any[]) => entries.every((entry) => entry !== undefined));
  expect(produced, `${method}: exactly one descriptor`).toHaveLength(1);
  const descriptor = config.descriptors.find(
    (d: any) =>
      JSON.stringify(d.entries.map((e: any) => e.key)) === JSON.stringify(produced[0].map((e: any) => e.key)) &&
      d.entries.every((e: any, i: number) => e.value === undefined || e.value === produced[0][i].value),
  );
  expect(descriptor, `${method}: a descriptor matches ${JSON.stringify(produced[0])}`).toBeDefined();
  const bucket = descriptor.token_bucket;
  expect(bucket.max_tokens).toBe(bucket.tokens_per_fill);
  return { quota: bucket.max_tokens, windowSeconds: Number(/^(\d+)s$/.exec(bucket.fill_interval)![1]), entries: descriptor.entries };
};

describe('rate limits at the ingress (EnvoyFilter) and config/routes.yaml', () => {
  it('puts the local rate limit filter on the ingress gateway pods, before the router', () => {
    expect(filter?.metadata.namespace).toBe(ISTIO_NAMESPACE);
    expect(filter?.spec.workloadSelector.labels).toEqual(INGRESS_SELECTOR);
    const insert = patches.filter((p) => p.applyTo === 'HTTP_FILTER');
    expect(insert).toHaveLength(1);
    expect(insert[0].match.listener.filterChain.filter.subFilter.name).toBe('envoy.filters.http.router');
    expect(insert[0].patch).toMatchObject({ operation: 'INSERT_BEFORE', value: { name: LOCAL_RATE_LIMIT_FILTER } });
  });

  it('limits every route of the public VirtualService, and nothing else', () => {
    const limited = patches.filter((p) => p.applyTo === 'HTTP_ROUTE').map((p) => p.match.routeConfiguration.vhost.route.name);
    expect(limited.sort()).toEqual(ingressRoutes.map((route) => route.name).sort());
  });

  it.each(table.routes.map((route) => [route.prefix, route] as const))(
    '%s: reads and writes get the per-address quota and window of their routes.yaml class',
    (prefix, route) => {
      const name = ingressRoutes.find((http) => http.match.some((m: any) => m.uri?.exact === prefix))?.name;
      const config = configOfRoute(name);
      expect(config, `no rate limit on ${name}`).toMatchObject({
        '@type': LOCAL_RATE_LIMIT_TYPE,
        filter_enabled: { default_value: { numerator: 100, denominator: 'HUNDRED' } },
        filter_enforced: { default_value: { numerator: 100, denominator: 'HUNDRED' } },
        always_consume_default_token_bucket: false,
      });
      for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const limits = table.rateLimitClasses[rateLimitClassFor(route.rate_limit, method)]!;
        const bucket = bucketFor(config, method);
        expect([bucket.quota, bucket.windowSeconds], `${prefix} ${method}`).toEqual([limits.per_ip, limits.window_seconds]);
        // One bucket per client address: the address entry has a key and no value (a wildcard descriptor).
        expect(bucket.entries.at(-1)).toEqual({ key: 'remote_address' });
        expect(bucket.entries[0].key).toBe(METHOD_DESCRIPTOR_KEY);
        // Envoy refuses a descriptor interval that is not a multiple of the route's own bucket interval.
        expect(bucket.windowSeconds % Number(/^(\d+)s$/.exec(config.token_bucket.fill_interval)![1])).toBe(0);
      }
    },
  );

  it('gives an event stream the class of the routes.yaml prefix it lies in', () => {
    for (const stream of EVENT_STREAM_ROUTES) {
      const limits = table.rateLimitClasses[rateLimitClassFor(matchRoute(table.routes, stream.example)!.rate_limit, 'GET')]!;
      expect(bucketFor(configOfRoute(stream.name), 'GET').quota).toBe(limits.per_ip);
    }
  });
});
