import { z } from 'zod';

/** A class name as routes name it; also a RateLimit-Policy name and part of Envoy stat names, so kept plain. */
export const rateLimitClassNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and - only');

/**
 * One rate-limit class of config/routes.yaml: how many requests one client may send to the routes of the class
 * per window. `per_ip` always applies (the client's address); `per_subject`, when set, also applies to requests
 * whose bearer token verifies (the token's `sub`), so many customers behind one NAT share the IP budget but not
 * each other's.
 */
export const rateLimitClassSchema = z.strictObject({
  window_seconds: z.number().int().positive().max(86_400),
  per_ip: z.number().int().positive(),
  per_subject: z.number().int().positive().optional(),
});

export type RateLimitClass = z.infer<typeof rateLimitClassSchema>;

/**
 * What a route names: one class for every method, or one for reads (GET, HEAD, OPTIONS) and one for writes
 * (everything else).
 */
export const routeRateLimitSchema = z.union([
  rateLimitClassNameSchema,
  z.strictObject({ read: rateLimitClassNameSchema, write: rateLimitClassNameSchema }),
]);

export type RouteRateLimit = z.infer<typeof routeRateLimitSchema>;

/** Methods that only read: they count against a route's `read` class. */
export const READ_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

/** The read and write class a route names (the same class twice when it names one). */
export const rateLimitClassesOf = (rateLimit: RouteRateLimit): { read: string; write: string } =>
  typeof rateLimit === 'string' ? { read: rateLimit, write: rateLimit } : rateLimit;

/** The class a request of `method` counts against on a route naming `rateLimit`. */
export const rateLimitClassFor = (rateLimit: RouteRateLimit, method: string): string => {
  const classes = rateLimitClassesOf(rateLimit);
  return READ_METHODS.includes(method.toUpperCase()) ? classes.read : classes.write;
};
