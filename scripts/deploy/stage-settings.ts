import { authSchema, edgeBodyLimit, httpLimitsSchema, loadConfig } from '@micro-ecommerce/pkg/config';
import { z } from 'zod';

// The generator reads the committed stage files directly (no STAGE, no environment overrides): the manifests
// must depend on the repository only.
const noEnv = {};

/** Issuer, audience and JWKS URL every token is checked against in Kubernetes (config/k8s.yaml `auth`). */
export const k8sAuth = () => loadConfig(z.object({ auth: authSchema }), { stage: 'config/k8s.yaml', env: noEnv }).config.auth;

/** How long the local gateway waits for an upstream; the Istio ingress gives routes the same budget. */
export const upstreamTimeoutMs = () =>
  loadConfig(z.object({ gateway: z.object({ upstream_timeout_ms: z.number().int().positive() }) }), {
    stage: 'config/local.yaml',
    env: noEnv,
  }).config.gateway.upstream_timeout_ms;

/** The largest body the Istio ingress lets through (config/k8s.yaml, as the local gateway derives it from its stage). */
export const k8sEdgeBodyLimit = () =>
  edgeBodyLimit(
    loadConfig(
      z.object({
        http_limits: httpLimitsSchema,
        services: z.object({ product: z.object({ catalog_body_bytes: z.number().int().positive() }) }),
      }),
      { stage: 'config/k8s.yaml', env: noEnv },
    ).config,
  );
