import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv, TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { createHttpApp, type HttpAppOptions } from '@micro-ecommerce/pkg/http';
import type { ProductUseCases } from '../../../app/use-cases.js';
import { mountProductRoutes } from './routes.js';

/** The shared app options plus what the product routes need. */
export interface ProductHttpAppOptions extends HttpAppOptions {
  useCases: ProductUseCases;
  verifyToken: TokenVerifier;
}

/** The service's hono app: shared defaults, the product routes, and the OpenAPI document at /openapi.json. */
export const createProductHttpApp = ({ useCases, verifyToken, ...options }: ProductHttpAppOptions): OpenAPIHono<AuthEnv> => {
  const app = createHttpApp<AuthEnv>(options);
  mountProductRoutes(app, { useCases, verifyToken });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'micro-ecommerce product service', version: '1.0.0' } });
  return app;
};
