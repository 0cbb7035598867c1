import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

export const SERVICE_NAMES = ['customer', 'product', 'cart', 'order', 'payment'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const routeSchema = z.strictObject({
  prefix: z.string().regex(/^\/[^?#\s]*$/, 'must be an absolute path without query'),
  service: z.enum(SERVICE_NAMES),
  auth: z.enum(['none', 'optional', 'required']),
});

const routeTableSchema = z.strictObject({ routes: z.array(routeSchema).min(1) });

export type Route = z.infer<typeof routeSchema>;

/** Loads and validates config/routes.yaml, the one public route table of the gateway and of Istio. */
export const loadRouteTable = (path = 'config/routes.yaml'): Route[] => {
  const result = routeTableSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!result.success)
    throw new ConfigError(
      path,
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  const prefixes = result.data.routes.map((r) => r.prefix);
  const duplicate = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (duplicate !== undefined) throw new ConfigError(path, [`prefix ${duplicate} appears twice`]);
  return result.data.routes;
};

/** The route whose prefix matches `path` on whole segments, longest prefix first; undefined when none does. */
export const matchRoute = (routes: readonly Route[], path: string): Route | undefined => {
  let best: Route | undefined;
  for (const route of routes) {
    const hit = path === route.prefix || path.startsWith(route.prefix.endsWith('/') ? route.prefix : `${route.prefix}/`);
    if (hit && (best === undefined || route.prefix.length > best.prefix.length)) best = route;
  }
  return best;
};
