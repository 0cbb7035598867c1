import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  rateLimitClassesOf,
  rateLimitClassNameSchema,
  rateLimitClassSchema,
  routeRateLimitSchema,
  type RateLimitClass,
} from './rate-limit-classes.js';

export const SERVICE_NAMES = ['customer', 'product', 'cart', 'order', 'payment'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const routeSchema = z.strictObject({
  prefix: z.string().regex(/^\/[^?#\s]*$/, 'must be an absolute path without query'),
  service: z.enum(SERVICE_NAMES),
  auth: z.enum(['none', 'optional', 'required']),
  /** The rate-limit class (or read and write classes) of `rate_limit_classes` the route counts against. */
  rate_limit: routeRateLimitSchema,
});

const routeTableSchema = z.strictObject({
  rate_limit_classes: z.record(rateLimitClassNameSchema, rateLimitClassSchema),
  routes: z.array(routeSchema).min(1),
});

export type Route = z.infer<typeof routeSchema>;

/** config/routes.yaml as a whole: the routes and the rate-limit classes they name. */
export interface RouteTable {
  routes: Route[];
  rateLimitClasses: Record<string, RateLimitClass>;
}

// What the schema cannot see: a prefix twice, a route naming a class the table lacks, a class no route names.
const crossProblems = (table: z.infer<typeof routeTableSchema>): string[] => {
  const problems: string[] = [];
  const prefixes = table.routes.map((r) => r.prefix);
  const duplicate = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (duplicate !== undefined) problems.push(`prefix ${duplicate} appears twice`);
  const named = new Set<string>();
  table.routes.forEach((route, index) => {
    for (const name of Object.values(rateLimitClassesOf(route.rate_limit))) {
      named.add(name);
      if (table.rate_limit_classes[name] === undefined)
        problems.push(
          `routes.${index}.rate_limit: ${route.prefix} names rate-limit class ${name}, which rate_limit_classes does not define`,
        );
    }
  });
  for (const name of Object.keys(table.rate_limit_classes))
    if (!named.has(name)) problems.push(`rate_limit_classes.${name}: no route names it`);
  return problems;
};

/** Loads and validates all of config/routes.yaml; a bad table throws a ConfigError naming every problem. */
export const loadRouteTableWithLimits = (path = 'config/routes.yaml'): RouteTable => {
  const result = routeTableSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!result.success)
    throw new ConfigError(
      path,
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  const problems = crossProblems(result.data);
  if (problems.length > 0) throw new ConfigError(path, problems);
  return { routes: result.data.routes, rateLimitClasses: result.data.rate_limit_classes };
};

/** Loads and validates config/routes.yaml, the one public route table of the gateway and of Istio. */
export const loadRouteTable = (path = 'config/routes.yaml'): Route[] => loadRouteTableWithLimits(path).routes;

/** The route whose prefix matches `path` on whole segments, longest prefix first; undefined when none does. */
export const matchRoute = (routes: readonly Route[], path: string): Route | undefined => {
  let best: Route | undefined;
  for (const route of routes) {
    const hit = path === route.prefix || path.startsWith(route.prefix.endsWith('/') ? route.prefix : `${route.prefix}/`);
    if (hit && (best === undefined || route.prefix.length > best.prefix.length)) best = route;
  }
  return best;
};
