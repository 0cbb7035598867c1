import { SERVICE_NAMES, type Route } from '@micro-ecommerce/pkg/config';
import { DestinationRule, Gateway, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { HTTP_PORT, INGRESS_HTTP_PORT, INGRESS_SELECTOR, NAMESPACE, serviceHost } from './deploy-contract.js';
import { longestFirst, uriMatchesOf } from './route-paths.js';

export const GATEWAY_NAME = 'public';

/** Plain HTTP on port 80 for any host (the README says how to reach it from the host: tunnel or `make ingress`). */
export const gateway = () =>
  new Gateway({
    metadata: { name: GATEWAY_NAME, namespace: NAMESPACE },
    spec: {
      selector: INGRESS_SELECTOR,
      servers: [{ port: { number: INGRESS_HTTP_PORT, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    },
  });

/** config/routes.yaml as the ingress's routes, longest prefix first like the local gateway. */
export const publicRoutes = (routes: readonly Route[], timeoutMs: number) =>
  new VirtualService({
    metadata: { name: 'public-api', namespace: NAMESPACE },
    spec: {
      hosts: ['*'],
      gateways: [GATEWAY_NAME],
      http: longestFirst(routes).map((route) => ({
        name: `${route.service}${route.prefix
          .replace(/[^a-z0-9]+/gi, '-')
          .replace(/-$/, '')
          .toLowerCase()}`,
        match: uriMatchesOf(route),
        route: [{ destination: { host: serviceHost(route.service), port: { number: HTTP_PORT } } }],
        timeout: `${timeoutMs / 1000}s`,
      })),
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
