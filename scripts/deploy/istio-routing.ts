import { SERVICE_NAMES, type Route, type ServiceName } from '@micro-ecommerce/pkg/config';
import { DestinationRule, Gateway, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { HTTP_PORT, INGRESS_HTTP_PORT, INGRESS_SELECTOR, NAMESPACE, serviceHost } from './deploy-contract.js';
import { longestFirst, uriMatchesOf } from './route-paths.js';

export const GATEWAY_NAME = 'public';

/**
 * Public paths that answer Server-Sent Events, routed ahead of the prefix routes with no timeout: Envoy's route
 * timeout covers the whole response, so it would cut a live stream. Istio's default is no request timeout, so
 * the route leaves the field out (the CRD refuses "0s": a duration must be over 1 ms); heartbeats every 15 s keep
 * the stream under Envoy's stream idle timeout. The local gateway needs no such list: its timeout only bounds the
 * response head. Each path lies inside a config/routes.yaml prefix of the same service (cross-checks.test.ts).
 */
export const EVENT_STREAM_ROUTES: readonly { name: string; service: ServiceName; regex: string; example: string }[] = [
  { name: 'order-events-stream', service: 'order', regex: '/api/v1/order/[^/]+/events', example: '/api/v1/order/7f9c2ba4/events' },
];

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
        ...EVENT_STREAM_ROUTES.map((stream) => ({
          name: stream.name,
          match: [{ uri: { regex: stream.regex } }],
          route: [{ destination: { host: serviceHost(stream.service), port: { number: HTTP_PORT } } }],
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

// Per-service client policy, applied by every caller's sidecar (the ingress gateway's included).
// Limits are generous for minikube; they exist to shed load instead of queueing without bound.
const destinationRuleOf = (service: string) =>
  new DestinationRule({
    metadata: { name: service, namespace: NAMESPACE },
    spec: {
      host: serviceHost(service),
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
