import { INGRESS_HTTP_PORT } from './deploy-contract.js';

/**
 * The EnvoyFilter patch that puts an HTTP filter into the ingress gateway's filter chain, just before the router.
 * Patches of several EnvoyFilters that all insert before the router end up in the order of their filters'
 * `priority` (lowest applied first, so it runs first).
 */
export const ingressHttpFilterBeforeRouter = (name: string, typedConfig: Record<string, unknown>) => ({
  applyTo: 'HTTP_FILTER' as const,
  match: {
    context: 'GATEWAY' as const,
    listener: {
      portNumber: INGRESS_HTTP_PORT,
      filterChain: {
        filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } },
      },
    },
  },
  patch: { operation: 'INSERT_BEFORE' as const, value: { name, typed_config: typedConfig } },
});
