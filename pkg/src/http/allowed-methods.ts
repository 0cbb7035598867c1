import type { Context } from 'hono';
import { AppError, errorEnvelope } from '../errors/index.js';
import type { AppEnv } from './app-env.js';

interface RegisteredRoute {
  method: string;
  path: string;
}

// A hono path pattern as a whole-path regex: `:name` (optionally `:name{regex}`) is one segment.
const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) return '[^/]+';
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/')}/?$`,
  );

// Middleware scopes, not endpoints: `app.use` (method ALL) and `app.on(methods, '/prefix/*', ...)` (a wildcard
// path); the endpoints are declared with exact paths (app.openapi).
const isEndpoint = (route: RegisteredRoute): boolean => route.method !== 'ALL' && !route.path.includes('*');

/** The methods the app's own endpoints serve on `path` (HEAD wherever GET is, as hono answers it). */
export const allowedMethods = (routes: readonly RegisteredRoute[], path: string): string[] => {
  const methods = new Set(routes.filter((route) => isEndpoint(route) && patternOf(route.path).test(path)).map((r) => r.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
};

/**
 * hono's notFound for an app: a path some route serves with other methods answers 405 with Allow (header and
 * details.allow), any other path the JSON 404. hono itself answers both with 404.
 */
export const notFoundOrNotAllowed =
  (routes: () => readonly RegisteredRoute[]) =>
  (c: Context<AppEnv>): Response => {
    const allow = allowedMethods(routes(), c.req.path);
    if (allow.length === 0)
      return c.json(errorEnvelope(new AppError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), c.var.requestId), 404);
    c.header('Allow', allow.join(', '));
    const error = new AppError('UNIMPLEMENTED', `${c.req.method} is not served on ${c.req.path}`, {
      reason: 'METHOD_NOT_ALLOWED',
      httpStatus: 405,
      details: { allow },
    });
    return c.json(errorEnvelope(error, c.var.requestId), 405);
  };
