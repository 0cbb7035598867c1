import type { AppEnv } from '@micro-ecommerce/pkg/http';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { serveStatic } from '@hono/node-server/serve-static';
import { swaggerUI } from '@hono/swagger-ui';
import type { Hono } from 'hono';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { OpenApiDocument } from './rate-limit/openapi-429.js';

// Swagger UI's files from the swagger-ui-dist package, served by the gateway itself: /docs works offline
// (@hono/swagger-ui would load them from a CDN).
const ASSETS_PATH = '/docs/assets';
const SWAGGER_UI_DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * Serves a Swagger UI at /docs over every service's OpenAPI document; /docs/<service>/openapi.json fetches
 * the document from the service itself, so it always matches the running code, and adds what the gateway
 * itself answers (`addGatewayAnswers`: the rate limit's 429).
 */
export const mountDocs = (
  app: Hono<AppEnv>,
  origins: Record<string, string>,
  timeoutMs: number,
  addGatewayAnswers: (doc: OpenApiDocument) => OpenApiDocument = (doc) => doc,
): void => {
  const services = Object.keys(origins);
  // @hono/swagger-ui asks for <baseUrl>/swagger-ui-dist/<file>.
  app.get(
    `${ASSETS_PATH}/swagger-ui-dist/*`,
    serveStatic({ root: SWAGGER_UI_DIST, rewriteRequestPath: (path) => path.slice(`${ASSETS_PATH}/swagger-ui-dist`.length) }),
  );
  app.get(
    '/docs',
    swaggerUI({
      baseUrl: ASSETS_PATH,
      urls: services.map((name) => ({ name, url: `/docs/${name}/openapi.json` })),
      title: 'micro-ecommerce API',
    }),
  );
  app.get('/docs/:service/openapi.json', async (c) => {
    const service = c.req.param('service');
    const origin = origins[service];
    if (origin === undefined) throw new AppError('NOT_FOUND', `no service named ${service}`);
    let response: Response;
    try {
      response = await fetch(`${origin}/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new AppError('UNAVAILABLE', `${service} is unavailable`, { reason: 'BAD_GATEWAY', httpStatus: 502, cause: error });
    }
    if (!response.ok) throw new AppError('UNAVAILABLE', `${service} has no OpenAPI document`, { reason: 'BAD_GATEWAY', httpStatus: 502 });
    return c.json(addGatewayAnswers((await response.json()) as OpenApiDocument));
  });
};
