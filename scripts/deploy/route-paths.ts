import type { Route } from '@micro-ecommerce/pkg/config';

// config/routes.yaml prefixes match whole path segments (pkg matchRoute): /api/v1/order matches /api/v1/order
// and /api/v1/order/42, never /api/v1/orders. Istio's plain `prefix` would match all three, so each route
// becomes an exact match plus a prefix match on "<prefix>/".

const segmentPrefix = (prefix: string): string => (prefix.endsWith('/') ? prefix : `${prefix}/`);

/** VirtualService uri matches equivalent to the route's segment-wise prefix. */
export const uriMatchesOf = (route: Route): { uri: { exact: string } | { prefix: string } }[] => [
  { uri: { exact: route.prefix } },
  { uri: { prefix: segmentPrefix(route.prefix) } },
];

/** AuthorizationPolicy paths equivalent to the route's prefix (a trailing `*` is Istio's prefix match). */
export const policyPathsOf = (route: Route): string[] => [route.prefix, `${segmentPrefix(route.prefix)}*`];

/** Routes longest prefix first: Istio takes the first matching http route, pkg takes the longest prefix. */
export const longestFirst = (routes: readonly Route[]): Route[] =>
  [...routes].sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));

/** True when `inner` lies inside `outer`'s segment-wise prefix (and is not `outer` itself). */
export const isNestedIn = (inner: Route, outer: Route): boolean =>
  inner.prefix !== outer.prefix && inner.prefix.startsWith(segmentPrefix(outer.prefix));
