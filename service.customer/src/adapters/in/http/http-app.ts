import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv, PublicJwk, TokenVerifier } from '@micro-ecommerce/pkg/auth';
import { createHttpApp, type HttpAppOptions } from '@micro-ecommerce/pkg/http';
import { mountJwksRoute } from './jwks-route.js';
import type { NotificationUseCases } from '../../../app/notifications.js';
import { mountNotificationRoutes } from './notification-routes.js';
import { mountAccountRoutes, type AccountUseCases } from './routes.js';
import type { Sessions } from '../../../app/sessions.js';
import { mountSessionRoutes } from './session-routes.js';

export interface CustomerHttpOptions extends HttpAppOptions {
  useCases: AccountUseCases & NotificationUseCases & { sessions: Pick<Sessions, 'refresh' | 'logOut'> };
  /** Largest page of GET /api/v1/customer/notifications. */
  maxPageSize: number;
  verifyToken: TokenVerifier;
  publicKeys: PublicJwk[];
}

/** The customer service's HTTP app: account and notification routes, the JWKS, its OpenAPI document at /openapi.json. */
export const buildHttpApp = (options: CustomerHttpOptions): OpenAPIHono<AuthEnv> => {
  const app = createHttpApp<AuthEnv>(options);
  mountAccountRoutes(app, options.useCases, options.verifyToken);
  mountSessionRoutes(app, options.useCases.sessions);
  mountNotificationRoutes(app, options.useCases, options.verifyToken, options.maxPageSize);
  mountJwksRoute(app, options.publicKeys);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'customer service',
      version: '1.0.0',
      description: 'Accounts, login (RS256 JWT), profile, referral codes and notifications.',
    },
  });
  return app;
};
