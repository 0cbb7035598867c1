// The public route table (config/routes.yaml) against the rendered Gateway, VirtualService and ingress policies.
import { EVENT_STREAM_ROUTES, matchRoute, SERVICE_NAMES } from '@micro-ecommerce/pkg/config';

import { describe, expect, it } from 'vitest';

import { HTTP_PORT, INGRESS_PRINCIPAL, ISTIO_NAMESPACE, METRICS_PATH, NAMESPACE, servicePrincipal } from './deploy-contract.js';

import { EVENT_STREAM_SUBSET } from './istio-routing.js';

import { isAllowed, policiesFor } from './policy-decision.js';

import { find, k8sStage, manifests, routes, serviceOfHost } from './cross-check-support.js';

describe('public routes (config/routes.yaml) in the cluster', () => {
  const ingressRoutes = manifests.filter((doc) => doc.kind === 'VirtualService' && (doc.spec?.gateways ?? []).length > 0);
  // Istio takes the first http route (of the first VirtualService) with a matching uri; a regex must match the
  // whole path (RE2 full match).
  const uriMatches = (uri: any, path: string) =>
    uri === undefined
      ? true
      : uri.exact !== undefined
        ? uri.exact === path
        : uri.regex !== undefined
          ? new RegExp(`^(?:${uri.regex})$`).test(path)
          : path.startsWith(uri.prefix);
  const httpRouteOf = (path: string) => {
    for (const vs of ingressRoutes) {
      for (const http of vs.spec.http ?? []) {
        if ((http.match ?? [{}]).some(({ uri }: any) => uriMatches(uri, path))) return http;
      }
    }
    return undefined;
  };
  const destinationOf = (path: string) => httpRouteOf(path)?.route?.[0]?.destination;

  it.each(routes.map((route) => [route.prefix, route] as const))(
    '%s reaches the same service as the local gateway, on its http port',
    (_, route) => {
      expect(ingressRoutes.length).toBeGreaterThan(0);
      for (const path of [route.prefix, `${route.prefix}/x`, `${route.prefix}x`]) {
        const destination = destinationOf(path);
        const expected = matchRoute(routes, path)?.service;
        expect(destination === undefined ? undefined : serviceOfHost(destination.host), path).toBe(expected);
        if (expected !== undefined) expect(destination.port?.number, path).toBe(HTTP_PORT);
      }
      const service = find('Service', route.service);
      expect(service?.spec.ports).toContainEqual(expect.objectContaining({ name: 'http', port: HTTP_PORT }));
      expect(find('Deployment', route.service)).toBeDefined();
    },
  );

  it.each(EVENT_STREAM_ROUTES.map((stream) => [stream.example, stream] as const))(
    '%s (Server-Sent Events) reaches its service with no route timeout, inside a public route of that service',
    (path, stream) => {
      const http = httpRouteOf(path);
      expect(serviceOfHost(http?.route?.[0]?.destination.host)).toBe(stream.service);
      // Istio's default: no request timeout (an explicit "0s" is refused by the CRD).
      expect(http).toBeDefined();
      expect(http.timeout).toBeUndefined();
      expect(matchRoute(routes, path)?.service).toBe(stream.service);
      // Only the stream: the rest of the service's paths keep the bounded timeout.
      for (const other of [path.replace(/\/events$/, ''), `${path}/more`, path.replace(/\/events$/, '/eventsx')]) {
        expect(httpRouteOf(other)?.timeout, other).toMatch(/^\d+(\.\d+)?s$/);
      }
    },
  );

  it.each(EVENT_STREAM_ROUTES.map((stream) => [stream.example, stream] as const))(
    '%s (Server-Sent Events) goes over a connection pool of its own, apart from the ordinary requests to its service',
    (path, stream) => {
      expect(destinationOf(path)?.subset).toBe(EVENT_STREAM_SUBSET);
      const rule = find('DestinationRule', stream.service);
      const subset = rule?.spec.subsets?.find((s: { name: string }) => s.name === EVENT_STREAM_SUBSET);
      // Its own bounds (an Envoy cluster of its own), on the service's pods.
      expect(subset?.trafficPolicy?.connectionPool?.tcp?.maxConnections).toBeGreaterThan(0);
      expect(subset?.labels).toEqual({ app: stream.service });
      expect(find('Deployment', stream.service)?.spec.template.metadata.labels).toMatchObject(subset?.labels);
      // The service's other paths keep its main pool.
      expect(destinationOf(path.replace(/\/events$/, ''))?.subset).toBeUndefined();
    },
  );

  const ingressPolicies = policiesFor(manifests, ISTIO_NAMESPACE, { istio: 'ingressgateway' }, ISTIO_NAMESPACE);
  const ingressAllows = (path: string, withToken: boolean) =>
    isAllowed(ingressPolicies, {
      path,
      port: 80,
      method: 'GET',
      ...(withToken ? { requestPrincipal: 'micro-ecommerce/some-customer' } : {}),
    });

  it.each(routes.map((route) => [route.prefix, route] as const))(
    '%s needs a token at the ingress exactly when its auth is required',
    (_, route) => {
      for (const path of [route.prefix, `${route.prefix}/x`]) {
        expect(ingressAllows(path, false), `${path} without a token`).toBe(matchRoute(routes, path)!.auth !== 'required');
        expect(ingressAllows(path, true), `${path} with a token`).toBe(true);
      }
    },
  );

  it('reaches no service /metrics from outside: no public route covers it, and no one may call it through the mesh', () => {
    for (const path of [METRICS_PATH, `${METRICS_PATH}/x`]) {
      expect(matchRoute(routes, path), path).toBeUndefined();
      expect(destinationOf(path), path).toBeUndefined();
    }
    for (const service of SERVICE_NAMES) {
      const policies = policiesFor(manifests, NAMESPACE, { app: service }, ISTIO_NAMESPACE);
      for (const principal of [INGRESS_PRINCIPAL, ...SERVICE_NAMES.map(servicePrincipal)]) {
        const request = { path: METRICS_PATH, port: HTTP_PORT, method: 'GET', principal };
        expect(isAllowed(policies, request), `${principal} → ${service}`).toBe(false);
      }
    }
  });

  it('verifies tokens at the ingress against config/k8s.yaml auth and the JWKS Service', () => {
    const requestAuth = manifests.filter((doc) => doc.kind === 'RequestAuthentication' && doc.metadata.namespace === ISTIO_NAMESPACE);
    expect(requestAuth).toHaveLength(1);
    const [rule] = requestAuth[0]!.spec.jwtRules;
    expect(rule.issuer).toBe(k8sStage.auth.issuer);
    expect(rule.audiences).toEqual([k8sStage.auth.audience]);
    const configured = new URL(k8sStage.auth.jwks_url);
    const used = new URL(rule.jwksUri);
    expect(used.hostname).toBe(`${configured.hostname}.${NAMESPACE}.svc.cluster.local`);
    expect([used.port, used.pathname]).toEqual([configured.port, configured.pathname]);
    expect(rule.forwardOriginalToken).toBe(true);
  });
});
