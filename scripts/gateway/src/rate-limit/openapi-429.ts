import { matchRoute, rateLimitClassFor, type RouteTable } from '@micro-ecommerce/pkg/config';

/** The parts of an OpenAPI 3 document this file reads and extends; everything else passes through. */
export interface OpenApiDocument {
  info?: { description?: string; [field: string]: unknown };
  paths?: Record<string, Record<string, { responses?: Record<string, unknown>; [field: string]: unknown } | unknown>>;
  [field: string]: unknown;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const field = (description: string, example: string) => ({ description, schema: { type: 'string' }, example });

const HEADERS = {
  'Retry-After': { description: 'Seconds until the exhausted bucket starts a new window.', schema: { type: 'integer', minimum: 1 } },
  RateLimit: field(
    'Remaining requests (r) and seconds until the window resets (t) per bucket (draft-ietf-httpapi-ratelimit-headers-11).',
    '"write-ip";r=0;t=42, "write-subject";r=80;t=42',
  ),
  'RateLimit-Policy': field(
    'Quota (q) per window (w, seconds) of each bucket the request counted in.',
    '"write-ip";q=300;w=60, "write-subject";q=120;w=60',
  ),
};

const ENVELOPE = {
  type: 'object',
  required: ['error', 'request_id'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: ['RATE_LIMITED'] },
        message: { type: 'string' },
        details: {
          type: 'object',
          required: ['class', 'key', 'limit', 'window_seconds', 'retry_after_seconds'],
          properties: {
            class: { type: 'string', description: 'The route class of config/routes.yaml whose bucket is empty.' },
            key: { type: 'string', enum: ['ip', 'subject'], description: 'What the empty bucket counts by.' },
            limit: { type: 'integer' },
            window_seconds: { type: 'integer' },
            retry_after_seconds: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    request_id: { type: 'string' },
  },
};

const NOTE =
  'Every /api/v1 path is rate limited at the gateway per client address and per token subject, by the route class of ' +
  'config/routes.yaml: answers carry RateLimit and RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers-11), and a ' +
  'request over the limit gets 429 RATE_LIMITED with Retry-After.';

interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  [field: string]: unknown;
}

// A service that answers 429 itself (the customer's login limit) keeps its response; the gateway's reason and
// headers join it (its envelope schema is the shared one, whose code is any string).
const mergedTooMany = (own: unknown, gateways: ResponseObject): ResponseObject => {
  if (typeof own !== 'object' || own === null) return gateways;
  const response = own as ResponseObject;
  return {
    ...response,
    description: [response.description, `RATE_LIMITED: ${gateways.description}`].filter(Boolean).join(' Or '),
    headers: { ...gateways.headers, ...response.headers },
  };
};

/**
 * The document a service serves, with the gateway's 429 added to every operation the route table rate-limits
 * (the gateway answers it before the service sees the request, so the service cannot list it itself).
 */
export const withRateLimitResponses = (doc: OpenApiDocument, table: RouteTable): OpenApiDocument => {
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const route = matchRoute(table.routes, path);
    paths[path] = Object.fromEntries(
      Object.entries(item).map(([method, operation]) => {
        if (route === undefined || !HTTP_METHODS.has(method) || typeof operation !== 'object' || operation === null)
          return [method, operation];
        const className = rateLimitClassFor(route.rate_limit, method);
        const limits = table.rateLimitClasses[className]!;
        const perSubject = limits.per_subject === undefined ? '' : `, ${limits.per_subject} per token subject`;
        const tooMany = {
          description: `Rate limited by the gateway (class ${className}: ${limits.per_ip} per client address${perSubject} per ${limits.window_seconds} s).`,
          headers: HEADERS,
          content: { 'application/json': { schema: ENVELOPE } },
        };
        const { responses = {} } = operation as { responses?: Record<string, unknown> };
        return [method, { ...operation, responses: { ...responses, '429': mergedTooMany(responses['429'], tooMany) } }];
      }),
    );
  }
  const description = [doc.info?.description, NOTE].filter(Boolean).join('\n\n');
  return { ...doc, info: { ...doc.info, description }, paths };
};
