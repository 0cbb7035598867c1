import type { ManifestObject } from './read-manifests.js';

// A small model of how Istio decides a request against AuthorizationPolicies, enough to check ours without a
// cluster: DENY first, then ALLOW (allowed when no ALLOW policy applies, else when one matches). Fields the
// model does not know (ipBlocks, when, ...) throw, so a policy using them cannot pass the checks by accident.

/** A request as a sidecar sees it. `principal`: the peer's mTLS identity; `requestPrincipal`: a valid JWT's. */
export interface MeshRequest {
  path: string;
  port: number;
  method: string;
  principal?: string;
  requestPrincipal?: string;
}

type Patterns = string[] | undefined;

const matchesPattern = (pattern: string, value: string): boolean =>
  pattern === '*' ||
  (pattern.endsWith('*')
    ? value.startsWith(pattern.slice(0, -1))
    : pattern.startsWith('*')
      ? value.endsWith(pattern.slice(1))
      : pattern === value);

// Istio treats an absent or empty list as "no condition".
const matchesList = (patterns: Patterns, value: string | undefined, negated: Patterns): boolean => {
  const positive =
    patterns === undefined || patterns.length === 0 || (value !== undefined && patterns.some((p) => matchesPattern(p, value)));
  const excluded = negated !== undefined && negated.length > 0 && value !== undefined && negated.some((p) => matchesPattern(p, value));
  return positive && !excluded;
};

const assertKnown = (what: string, value: Record<string, unknown>, known: string[]): void => {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`policy ${what} uses ${unknown.join(', ')}, which these checks do not model`);
};

const namespaceOf = (principal: string | undefined): string | undefined => principal?.match(/^[^/]+\/ns\/([^/]+)\//)?.[1];

const sourceMatches = (source: Record<string, Patterns>, request: MeshRequest): boolean => {
  assertKnown('source', source, [
    'principals',
    'notPrincipals',
    'requestPrincipals',
    'notRequestPrincipals',
    'namespaces',
    'notNamespaces',
  ]);
  return (
    matchesList(source.principals, request.principal, source.notPrincipals) &&
    matchesList(source.requestPrincipals, request.requestPrincipal, source.notRequestPrincipals) &&
    matchesList(source.namespaces, namespaceOf(request.principal), source.notNamespaces)
  );
};

const operationMatches = (operation: Record<string, Patterns>, request: MeshRequest): boolean => {
  assertKnown('operation', operation, ['paths', 'notPaths', 'ports', 'notPorts', 'methods', 'notMethods']);
  return (
    matchesList(operation.paths, request.path, operation.notPaths) &&
    matchesList(operation.ports, String(request.port), operation.notPorts) &&
    matchesList(operation.methods, request.method, operation.notMethods)
  );
};

const ruleMatches = (rule: Record<string, any>, request: MeshRequest): boolean => {
  assertKnown('rule', rule, ['from', 'to']);
  const fromOk = rule.from === undefined || rule.from.some((f: any) => sourceMatches(f.source ?? {}, request));
  const toOk = rule.to === undefined || rule.to.some((t: any) => operationMatches(t.operation ?? {}, request));
  return fromOk && toOk;
};

const policyMatches = (policy: ManifestObject, request: MeshRequest): boolean =>
  (policy.spec?.rules ?? []).some((rule: any) => ruleMatches(rule, request));

/** Whether the AuthorizationPolicies that apply to a workload let `request` through. */
export const isAllowed = (policies: readonly ManifestObject[], request: MeshRequest): boolean => {
  const actionOf = (policy: ManifestObject): string => policy.spec?.action ?? 'ALLOW';
  for (const policy of policies) {
    if (!['ALLOW', 'DENY'].includes(actionOf(policy))) throw new Error(`action ${actionOf(policy)} is not modelled`);
  }
  if (policies.some((policy) => actionOf(policy) === 'DENY' && policyMatches(policy, request))) return false;
  const allowPolicies = policies.filter((policy) => actionOf(policy) === 'ALLOW');
  return allowPolicies.length === 0 || allowPolicies.some((policy) => policyMatches(policy, request));
};

/** The AuthorizationPolicies that apply to pods with `labels` in `namespace` (own namespace, plus root-namespace ones without selector). */
export const policiesFor = (
  manifests: readonly ManifestObject[],
  namespace: string,
  labels: Record<string, string>,
  rootNamespace: string,
) =>
  manifests.filter((doc) => {
    if (doc.kind !== 'AuthorizationPolicy') return false;
    const selector: Record<string, string> | undefined = doc.spec?.selector?.matchLabels;
    const selects = selector === undefined || Object.entries(selector).every(([key, value]) => labels[key] === value);
    if (doc.metadata.namespace === namespace) return selects;
    return doc.metadata.namespace === rootNamespace && selector === undefined;
  });
