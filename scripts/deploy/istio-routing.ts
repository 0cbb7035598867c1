import { EVENT_STREAM_ROUTES, SERVICE_NAMES, type Route, type ServiceName } from '@micro-ecommerce/pkg/config';
import { DestinationRule, Gateway, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { HTTP_PORT, INGRESS_HTTP_PORT, INGRESS_SELECTOR, NAMESPACE, serviceHost } from './deploy-contract.js';
import { longestFirst, uriMatchesOf } from './route-paths.js';

export const GATEWAY_NAME = 'public';

/** The DestinationRule subset the event streams of a service are routed to: a connection pool of their own. */
export const EVENT_STREAM_SUBSET = 'event-streams';

/** Plain HTTP on port 80 for any host (the README says how to reach it from the host: tunnel or `make ingress`). */
export const gateway = () =>
  new Gateway({
    metadata: { name: GATEWAY_NAME, namespace: NAMESPACE },
    spec: {
      selector: INGRESS_SELECTOR,
      servers: [{ port: { number: INGRESS_HTTP_PORT, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    },
  });

/** The name of a config/routes.yaml route in the VirtualService (and so in Envoy, where the EnvoyFilter finds it). */
export const ingressRouteName = (route: Route): string =>
  `${route.service}${route.prefix
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-$/, '')
    .toLowerCase()}`;

/** The event streams first (no timeout), then config/routes.yaml as the ingress's routes, longest prefix first like the local gateway. */
export const publicRoutes = (routes: readonly Route[], timeoutMs: number) =>
  new VirtualService({
    metadata: { name: 'public-api', namespace: NAMESPACE },
    spec: {
      hosts: ['*'],
      gateways: [GATEWAY_NAME],
      http: [
        // The event streams (pkg EVENT_STREAM_ROUTES) ahead of the prefix routes, with no timeout: Envoy's route
        // timeout covers the whole response, so it would cut a live stream. Istio's default is no request timeout,
        // so the route leaves the field out (the CRD refuses "0s"); heartbeats every 15 s keep the stream under
        // Envoy's stream idle timeout. Each path lies inside a routes.yaml prefix of the same service
        // (routes.cross-checks.test.ts), and goes to its service's event-stream subset.
        ...EVENT_STREAM_ROUTES.map((stream) => ({
          name: stream.name,
          match: [{ uri: { regex: stream.regex } }],
          route: [{ destination: { host: serviceHost(stream.service), subset: EVENT_STREAM_SUBSET, port: { number: HTTP_PORT } } }],
        })),
        ...longestFirst(routes).map((route) => ({
          name: ingressRouteName(route),
          match: uriMatchesOf(route),
          route: [{ destination: { host: serviceHost(route.service), port: { number: HTTP_PORT } } }],
          timeout: `${timeoutMs / 1000}s`,
        })),
      ],
    },
  });

// Every live stream holds one upstream connection for as long as it is open (HTTP/1.1 between the sidecars).
// A subset is an Envoy cluster of its own, so these bounds are apart from the service's: streams held by any
// number of clients never take a connection that an ordinary request needs. Accounts are bounded by the
// service itself (services.order.event_streams), the sum of them by this pool: past it Envoy answers 503 at once.
const EVENT_STREAM_POOL = {
  tcp: { maxConnections: 1000, connectTimeout: '2s' },
  http: { http1MaxPendingRequests: 50, http2MaxRequests: 1000, idleTimeout: '300s' },
};

const streamSubsetsOf = (service: ServiceName) =>
  EVENT_STREAM_ROUTES.some((stream) => stream.service === service)
    ? [{ name: EVENT_STREAM_SUBSET, labels: { app: service }, trafficPolicy: { connectionPool: EVENT_STREAM_POOL } }]
    : [];

// Per-service client policy, applied by every caller's sidecar (the ingress gateway's included).
// Limits are generous for minikube; they exist to shed load instead of queueing without bound.
const destinationRuleOf = (service: ServiceName) =>
  new DestinationRule({
    metadata: { name: service, namespace: NAMESPACE },
    spec: {
      host: serviceHost(service),
      ...(streamSubsetsOf(service).length === 0 ? {} : { subsets: streamSubsetsOf(service) }),
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: {
          tcp: { maxConnections: 200, connectTimeout: '2s' },
          http: { http1MaxPendingRequests: 200, http2MaxRequests: 1000, idleTimeout: '300s' },
        },
        // A replica that keeps failing is taken out of rotation for a while instead of failing every 3rd call.
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
    },
  });

export const destinationRules = () => SERVICE_NAMES.map(destinationRuleOf);
