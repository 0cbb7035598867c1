import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { failureWithRetryAfter } from './openapi-parts.js';

type Registry = OpenAPIHono['openAPIRegistry'];
type RouteConfig = Parameters<Registry['registerPath']>[0];
type Responses = RouteConfig['responses'];

const OVERLOADED = 'OVERLOADED: the service has as many requests in flight as it takes; try again after Retry-After seconds';

// Beside a route's own 503 reasons, which need not say when to come back, Retry-After is documented but optional.
const optionalRetryAfter = z.object({
  'Retry-After': z.string().optional().openapi({ description: 'Seconds to wait before trying again; always sent with OVERLOADED.' }),
});

/** The bulkhead's answer (pkg/src/bulkhead), joined to a route's own 503 if it has one. */
const withOverloaded = (responses: Responses): Responses => {
  const overloaded = failureWithRetryAfter(OVERLOADED);
  const own = responses[503];
  if (own === undefined) return { ...responses, 503: overloaded };
  if ('$ref' in own) return responses;
  return {
    ...responses,
    503: {
      ...own,
      description: own.description ? `${own.description}; ${OVERLOADED}` : OVERLOADED,
      headers: own.headers ?? optionalRetryAfter,
    },
  };
};

/**
 * Documents the 503 OVERLOADED answer (with its Retry-After header) on every route registered on `app` from now on:
 * the bulkhead of createHttpApp may answer it on any route, so no service's document may leave it out, and no
 * route definition has to remember it. Hooks the registry every documented route passes through (app.openapi,
 * app.route of a sub-app).
 */
export const documentOverload = (app: OpenAPIHono<any>): void => {
  const registry = app.openAPIRegistry;
  const registerPath = registry.registerPath.bind(registry);
  registry.registerPath = (route) => registerPath({ ...route, responses: withOverloaded(route.responses) });
};
