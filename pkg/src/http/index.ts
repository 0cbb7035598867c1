export { createHttpApp, DEFAULT_HTTP_BULKHEAD, DEFAULT_MAX_BODY_BYTES, type HttpAppOptions } from './create-http-app.js';
export { BODY_TOO_LARGE, bodyTooLarge, limitBody } from './limit-body.js';
export { serveHttp, type RunningHttpServer } from './serve-http.js';
export { readJson } from './read-json.js';
export { toAppError, errorHandler } from './error-handler.js';
export type { AppEnv } from './app-env.js';
export type { ReadinessCheck } from './health-routes.js';
export { jsonBody } from './json-body.js';
export { textField, textFieldDocument, type TextLimits } from './text-field.js';
export {
  bearerAuth,
  errorResponse,
  failure,
  failureWithRetryAfter,
  jsonBodyRoute,
  jsonContent,
  pageQuery,
  registerBearerAuth,
} from './openapi-parts.js';
