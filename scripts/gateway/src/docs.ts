import type { AppEnv } from '@micro-ecommerce/pkg/http';
import { AppError } from '@micro-ecommerce/pkg/errors';
import { swaggerUI } from '@hono/swagger-ui';
import type { Hono } from 'hono';

/**
 * Serves a Swagger UI at /docs over every service's OpenAPI document; /docs/<service>/openapi.json fetches
 * the document from the service itself, so it always matches the running code.
 */
export const mountDocs = (app: Hono<AppEnv>, origins: Record<string, string>, timeoutMs: number): void => {
  const services = Object.keys(origins);
  app.get(
    '/docs',
    swaggerUI({ urls: services.map((name) => ({ name, url: `/docs/${name}/openapi.json` })), title: 'micro-ecommerce API' }),
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
    return c.json(await response.json());
  });
};
