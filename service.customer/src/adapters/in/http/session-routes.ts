import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '@micro-ecommerce/pkg/auth';
import { failure, jsonBodyRoute, jsonContent } from '@micro-ecommerce/pkg/http';
import type { Sessions } from '../../../app/sessions.js';
import { refreshTokenBody, toSessionJson, tokenResponse } from './schemas.js';

const refreshBody = jsonBodyRoute(refreshTokenBody, 'The refresh token of the last login or refresh.');
const BAD_REQUEST = failure('Invalid input (INVALID_ARGUMENT; error.details.fields names every bad field) or MALFORMED_JSON.');

const refreshRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/token',
  summary: 'Spend a refresh token for a new access token and a new refresh token (rotation)',
  description:
    'Each refresh token is good for one use. Presenting a spent one again ends every session descended from the same ' +
    'login (someone else holds a copy); a change of email or password or a log-out ends them too.',
  middleware: refreshBody.middleware,
  request: { body: refreshBody.body },
  responses: {
    200: jsonContent(tokenResponse, 'The new access token and its refresh token.'),
    400: BAD_REQUEST,
    ...refreshBody.failures,
    401: failure(
      'INVALID_REFRESH_TOKEN (unknown, expired, revoked, or issued before a change of email or password) or ' +
        'REFRESH_TOKEN_REUSED (spent before: the whole session is ended). Log in again.',
    ),
  },
});

const logOutRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/logout',
  summary: 'End the session a refresh token belongs to',
  description: 'Its refresh tokens stop working at once; access tokens already issued run out within their expires_in.',
  middleware: refreshBody.middleware,
  request: { body: refreshBody.body },
  responses: {
    204: { description: 'Ended (also for a token that names no session: the answer says nothing).' },
    400: BAD_REQUEST,
    ...refreshBody.failures,
  },
});

/** Mounts token refresh and log-out: both authenticated by the refresh token in the body, not by a bearer token. */
export const mountSessionRoutes = (app: OpenAPIHono<AuthEnv>, sessions: Pick<Sessions, 'refresh' | 'logOut'>): void => {
  app.openapi(refreshRoute, async (c) => c.json({ data: toSessionJson(await sessions.refresh(c.req.valid('json').refresh_token)) }, 200));

  app.openapi(logOutRoute, async (c) => {
    await sessions.logOut(c.req.valid('json').refresh_token);
    return c.body(null, 204);
  });
};
