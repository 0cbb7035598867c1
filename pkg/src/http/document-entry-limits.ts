import type { OpenAPIHono } from '@hono/zod-openapi';
import { failure } from './openapi-parts.js';

type Registry = OpenAPIHono['openAPIRegistry'];
type RouteConfig = Parameters<Registry['registerPath']>[0];
type Responses = RouteConfig['responses'];

/**
 * Documents the answers of the entry limits on every route registered on `app` from now on: 413 BODY_TOO_LARGE
 * (limitBody, whatever the method, with the app's limit in bytes) and 431 HEADERS_TOO_LARGE (serveHttp). A route's
 * own 413 stays as it is.
 */
export const documentEntryLimits = (app: OpenAPIHono<any>, maxBodyBytes: number): void => {
  const limits: Responses = {
    413: failure(`BODY_TOO_LARGE: the body exceeds ${maxBodyBytes} bytes (answered before it is read)`),
    431: failure('HEADERS_TOO_LARGE: the request line and headers exceed the server’s limit'),
  };
  const registry = app.openAPIRegistry;
  const registerPath = registry.registerPath.bind(registry);
  registry.registerPath = (route) => registerPath({ ...route, responses: { ...limits, ...route.responses } });
};
