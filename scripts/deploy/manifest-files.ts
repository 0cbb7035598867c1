import { loadRouteTableWithLimits, SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { dataStoreAccess } from './data-store-access.js';
import { GRPC_SERVICES, uncalledPathsOf } from './grpc-callers.js';
import { ingressBodyLimit } from './istio-body-limit.js';
import { ingressRateLimit } from './istio-rate-limit.js';
import { destinationRules, gateway, publicRoutes } from './istio-routing.js';
import { ingressRequiresToken, ingressTokens, jwksEndpointOf, jwksPlaintextPort, serviceAccessOf, strictMtls } from './istio-security.js';
import { toManifestYaml } from './manifest-yaml.js';
import { serviceWorkload } from './service-workload.js';
import { k8sAuth, k8sEdgeBodyLimit, upstreamTimeoutMs } from './stage-settings.js';

/** Where the generated files live, relative to the repository root. */
export const MANIFESTS_DIR = 'infrastructure/manifests';

const SERVICES_DIR = `${MANIFESTS_DIR}/services`;
const ISTIO_DIR = `${MANIFESTS_DIR}/istio`;

/** The directories whose every YAML file this generator owns (platform/ is written by hand). */
export const GENERATED_DIRS = [SERVICES_DIR, ISTIO_DIR];

const grpcNobodyMayCall = (service: string): string[] => GRPC_SERVICES.filter((grpc) => grpc.server === service).flatMap(uncalledPathsOf);

const accessComment = (service: string): string | undefined => {
  const uncalled = grpcNobodyMayCall(service);
  return uncalled.length === 0 ? undefined : `No service calls ${uncalled.join(', ')} yet, so no rule allows it.`;
};

/**
 * Every generated manifest file, keyed by its path relative to the repository root, in a stable order.
 * Reads config/routes.yaml, config/k8s.yaml and config/local.yaml; writes nothing.
 */
export const renderManifestFiles = (): Map<string, string> => {
  const table = loadRouteTableWithLimits('config/routes.yaml');
  const { routes } = table;
  const auth = k8sAuth();
  const jwks = jwksEndpointOf(auth.jwks_url);
  const files = new Map<string, string>();
  for (const service of SERVICE_NAMES) {
    files.set(`${SERVICES_DIR}/${service}.yaml`, toManifestYaml(serviceWorkload(service).map((object) => ({ object }))));
  }
  files.set(`${ISTIO_DIR}/routing.yaml`, toManifestYaml([{ object: gateway() }, { object: publicRoutes(routes, upstreamTimeoutMs()) }]));
  files.set(
    `${ISTIO_DIR}/rate-limit.yaml`,
    toManifestYaml([
      {
        object: ingressRateLimit(table),
        comment:
          'The rate_limit_classes of config/routes.yaml per client address and ingress pod (scripts/deploy/istio-rate-limit.ts\nsays what the local gateway does that this cannot).',
      },
    ]),
  );
  files.set(
    `${ISTIO_DIR}/body-limit.yaml`,
    toManifestYaml([
      {
        object: ingressBodyLimit(k8sEdgeBodyLimit()),
        comment: 'The largest request body the ingress lets through (config edgeBodyLimit of config/k8s.yaml); 413 past it.',
      },
    ]),
  );
  files.set(`${ISTIO_DIR}/destination-rules.yaml`, toManifestYaml(destinationRules().map((object) => ({ object }))));
  files.set(`${ISTIO_DIR}/peer-authentication.yaml`, toManifestYaml([{ object: strictMtls() }, { object: jwksPlaintextPort(jwks) }]));
  files.set(
    `${ISTIO_DIR}/ingress-auth.yaml`,
    toManifestYaml([{ object: ingressTokens(auth, jwks) }, { object: ingressRequiresToken(routes) }]),
  );
  files.set(
    `${ISTIO_DIR}/authorization-policies.yaml`,
    toManifestYaml(SERVICE_NAMES.map((service) => ({ object: serviceAccessOf(service, routes, jwks), comment: accessComment(service) }))),
  );
  files.set(
    `${ISTIO_DIR}/data-store-policies.yaml`,
    toManifestYaml(
      dataStoreAccess().map((object) => ({
        object,
        comment: `Only these ServiceAccounts connect to ${object.metadata!.name} (scripts/deploy/data-store-access.ts).`,
      })),
    ),
  );
  return files;
};
