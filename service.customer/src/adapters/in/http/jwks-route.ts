import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { PublicJwk } from '@micro-ecommerce/pkg/auth';
import type { AppEnv } from '@micro-ecommerce/pkg/http';

// Verifiers cache the set and refetch it when a token names an unknown kid, so a short max-age is enough for
// key rotation and still spares this service a request per verification.
const MAX_AGE_SECONDS = 300;

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  summary: 'The public keys that verify access tokens (RFC 7517 JWK Set; not enveloped)',
  responses: {
    200: {
      description: 'The JWK Set.',
      content: { 'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('JwkSet') } },
    },
  },
});

/** Serves the JWK Set that other services and Istio's RequestAuthentication verify tokens with. */
export const mountJwksRoute = <E extends AppEnv>(app: OpenAPIHono<E>, publicKeys: PublicJwk[]): void => {
  const document = { keys: publicKeys as Record<string, unknown>[] };
  app.openapi(jwksRoute, (c) => {
    c.header('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
    return c.json(document, 200);
  });
};
