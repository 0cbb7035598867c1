import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { jsonBody } from './json-body.js';

// The pieces every service's OpenAPI routes are made of, so that the five documents describe errors, bodies and
// authentication the same way.

/** The error envelope every failure answers with (pkg/errors errorEnvelope). */
export const errorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
    request_id: z.string(),
  })
  .openapi('Error');

/** A JSON response (or request body) with its schema. */
export const jsonContent = <S>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });

/** A failure answered with the error envelope; the description names the error codes. */
export const failure = (description: string) => jsonContent(errorResponse, description);

/** A failure that says when to come back (a rate limit, shed load, an open circuit): the envelope plus Retry-After. */
export const failureWithRetryAfter = (description: string) => ({
  ...failure(description),
  headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds to wait before trying again.' }) }),
});

/** The security requirement of a route that needs an access token. */
export const bearerAuth = [{ bearerAuth: [] }];

/** Declares the bearerAuth scheme `bearerAuth` refers to (an RS256 JWT from the customer service). */
export const registerBearerAuth = (app: OpenAPIHono<any>): void => {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
};

/**
 * The parts of a route that takes a required JSON body: `middleware` for createRoute (jsonBody(), in the route
 * rather than app.use so that it runs only once the route matched: a method no route serves still answers 405),
 * `body` for its request, `failures` for its responses (415; jsonBody's MALFORMED_JSON is one of the route's 400s).
 */
export const jsonBodyRoute = <S>(schema: S, description: string) => ({
  middleware: [jsonBody()],
  body: { ...jsonContent(schema, description), required: true },
  failures: { 415: failure('UNSUPPORTED_MEDIA_TYPE: the body is not application/json') },
});

/**
 * `?page=&page_size=` of a list: page from 1 to 2^53−1 (larger numbers lose precision in JSON), page_size from
 * 1 to the configured maximum.
 */
export const pageQuery = (maxPageSize: number, defaultPageSize = 20) =>
  z.object({
    page: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(1).openapi({ example: 1 }),
    page_size: z.coerce.number().int().positive().max(maxPageSize).default(defaultPageSize).openapi({ example: defaultPageSize }),
  });
