import type { HttpLimits } from './schemas.js';

/** The sections the edge's body limit derives from: the shared limit and product's catalog writes. */
export interface EdgeBodyLimitSource {
  http_limits: HttpLimits;
  services: { product: { catalog_body_bytes: number } };
}

/**
 * The largest request body any public route takes, the edge's body limit (the local gateway's and the Istio
 * ingress's): larger bodies never reach a service, and each service refuses what is too large for its own routes.
 */
export const edgeBodyLimit = (config: EdgeBodyLimitSource): number =>
  Math.max(config.http_limits.body_bytes, config.services.product.catalog_body_bytes);
