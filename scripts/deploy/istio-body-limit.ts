import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import { INGRESS_SELECTOR, ISTIO_NAMESPACE } from './deploy-contract.js';
import { ingressHttpFilterBeforeRouter } from './ingress-filter-patch.js';

// The edge's body limit at the Istio ingress gateway, as Envoy's buffer filter: a request whose body would pass
// max_request_bytes is answered 413 (at once when Content-Length says so, else when the buffered body crosses it),
// and nothing larger reaches a sidecar. Bodies here are JSON of at most a few hundred KiB, so buffering them whole
// costs the ingress at most the limit per request in flight. Unlike the local gateway's 413, Envoy's is its own
// plain-text "Payload Too Large", not the error envelope.

/** Envoy's name of the filter and its config type. */
export const BUFFER_FILTER = 'envoy.filters.http.buffer';
export const BUFFER_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer';

export const BODY_LIMIT_FILTER_NAME = 'public-api-body-limit';

/**
 * The EnvoyFilter on the ingress gateway's pods: the buffer filter in the HTTP filter chain with `maxBytes`
 * (config edgeBodyLimit of the k8s stage). Priority 20 applies it after the rate limit's patch (10), so both sit
 * before the router with the rate limit first: a throttled client's body is never buffered.
 */
export const ingressBodyLimit = (maxBytes: number) =>
  new EnvoyFilter({
    metadata: { name: BODY_LIMIT_FILTER_NAME, namespace: ISTIO_NAMESPACE },
    spec: {
      workloadSelector: { labels: INGRESS_SELECTOR },
      priority: 20,
      configPatches: [ingressHttpFilterBeforeRouter(BUFFER_FILTER, { '@type': BUFFER_TYPE, max_request_bytes: maxBytes })],
    },
  });
