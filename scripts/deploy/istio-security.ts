import { SERVICE_NAMES, type Route, type ServiceName } from '@micro-ecommerce/pkg/config';
import { AuthorizationPolicy, PeerAuthentication, RequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import {
  GRPC_PORT,
  HTTP_PORT,
  INGRESS_HTTP_PORT,
  INGRESS_PRINCIPAL,
  INGRESS_SELECTOR,
  ISTIO_NAMESPACE,
  NAMESPACE,
  serviceHost,
  servicePrincipal,
} from './deploy-contract.js';
import { callersOf, GRPC_SERVICES } from './grpc-callers.js';
import { isNestedIn, policyPathsOf } from './route-paths.js';

/** Where the customer service publishes its key set, from config/k8s.yaml auth.jwks_url (http://<service>:<port>/<path>). */
export interface JwksEndpoint {
  service: ServiceName;
  port: number;
  path: string;
}

export const jwksEndpointOf = (jwksUrl: string): JwksEndpoint => {
  const url = new URL(jwksUrl);
  const service = SERVICE_NAMES.find((name) => name === url.hostname);
  if (service === undefined) throw new Error(`auth.jwks_url ${jwksUrl} does not name a service of the namespace`);
  return { service, port: Number(url.port || 80), path: url.pathname };
};

/** Sidecars accept only mutual TLS inside the namespace. */
export const strictMtls = () =>
  new PeerAuthentication({ metadata: { name: 'default', namespace: NAMESPACE }, spec: { mtls: { mode: 'STRICT' } } });

// istiod fetches jwksUri itself, without a sidecar, so it can only speak plain HTTP to the JWKS port. That port
// accepts plaintext; the service's AuthorizationPolicy still admits identity-less requests to the key set only.
export const jwksPlaintextPort = (jwks: JwksEndpoint) =>
  new PeerAuthentication({
    metadata: { name: `${jwks.service}-jwks`, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: jwks.service } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { [String(jwks.port)]: { mode: 'PERMISSIVE' } },
    },
  });

/** The ingress gateway rejects an invalid token and records a valid one as the request principal. */
export const ingressTokens = (auth: { issuer: string; audience: string }, jwks: JwksEndpoint) =>
  new RequestAuthentication({
    metadata: { name: 'ingress-jwt', namespace: ISTIO_NAMESPACE },
    spec: {
      selector: { matchLabels: INGRESS_SELECTOR },
      jwtRules: [
        {
          issuer: auth.issuer,
          audiences: [auth.audience],
          jwksUri: `http://${serviceHost(jwks.service)}:${jwks.port}${jwks.path}`,
          // The services verify the token again (roles, subject), so it must reach them.
          forwardOriginalToken: true,
        },
      ],
    },
  });

/**
 * Denies a request without a valid token on every `auth: required` route. Routes nested inside one with their
 * own auth (e.g. customer/signup inside customer) are carved out, as longest-prefix matching would.
 * `none` and `optional` routes pass without a token; the service decides where a token is still needed.
 */
export const ingressRequiresToken = (routes: readonly Route[]) =>
  new AuthorizationPolicy({
    metadata: { name: 'require-token', namespace: ISTIO_NAMESPACE },
    spec: {
      selector: { matchLabels: INGRESS_SELECTOR },
      action: 'DENY',
      rules: routes
        .filter((route) => route.auth === 'required')
        .map((route) => {
          const nestedPublic = routes.filter((inner) => inner.auth !== 'required' && isNestedIn(inner, route));
          return {
            from: [{ source: { notRequestPrincipals: ['*'] } }],
            to: [
              {
                operation: {
                  // A DENY rule on HTTP attributes alone would deny every TCP connection it cannot parse:
                  // naming the port scopes it to the gateway's HTTP listener (istioctl warns otherwise).
                  ports: [String(INGRESS_HTTP_PORT)],
                  paths: policyPathsOf(route),
                  ...(nestedPublic.length > 0 ? { notPaths: nestedPublic.flatMap(policyPathsOf) } : {}),
                },
              },
            ],
          };
        }),
    },
  });

/**
 * What may reach one service (anything else is denied): the ingress gateway on the service's public routes,
 * each gRPC method from exactly the ServiceAccounts whose code calls it (GRPC_SERVICES), and on the JWKS owner the key set from
 * anyone. Health probes need no rule: the sidecar rewrites them to its own port and calls the app from
 * inside the pod, past these policies.
 */
export const serviceAccessOf = (service: ServiceName, routes: readonly Route[], jwks: JwksEndpoint) => {
  const publicPaths = routes.filter((route) => route.service === service).flatMap(policyPathsOf);
  // An empty `paths` would match every path: a service without public routes gets no ingress rule at all.
  const ingressRules =
    publicPaths.length === 0
      ? []
      : [
          {
            from: [{ source: { principals: [INGRESS_PRINCIPAL] } }],
            to: [{ operation: { ports: [String(HTTP_PORT)], paths: publicPaths } }],
          },
        ];
  // One rule per caller of each gRPC service: only the methods that caller's code calls.
  const grpcRules = GRPC_SERVICES.filter((grpc) => grpc.server === service).flatMap((grpc) =>
    callersOf(grpc).map(({ caller, paths }) => ({
      from: [{ source: { principals: [servicePrincipal(caller)] } }],
      to: [{ operation: { ports: [String(GRPC_PORT)], paths } }],
    })),
  );
  // The key set is public (also served through the ingress): every service fetches it to verify tokens, and
  // istiod fetches it for the ingress without an identity.
  const jwksRules =
    jwks.service === service ? [{ to: [{ operation: { ports: [String(jwks.port)], methods: ['GET'], paths: [jwks.path] } }] }] : [];
  return new AuthorizationPolicy({
    metadata: { name: service, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: service } },
      action: 'ALLOW',
      rules: [...ingressRules, ...grpcRules, ...jwksRules],
    },
  });
};
