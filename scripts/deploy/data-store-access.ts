import { SERVICE_NAMES, type ServiceName } from '@micro-ecommerce/pkg/config';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1';
import { NAMESPACE, servicePrincipal } from './deploy-contract.js';
import {
  MONGODB,
  POSTGRES,
  POSTGRES_ROLES,
  REDIS,
  ROCKETMQ_BROKER,
  ROCKETMQ_NAMESRV,
  ROCKETMQ_PROXY,
  ROCKETMQ_TOPICS,
  type PlatformWorkload,
} from './platform-workloads.js';
import { CONSUME_RPCS, PUBLISH_RPCS, rpcPaths, SESSION_RPCS } from './rocketmq-rpc.js';
import { SERVICE_PROFILES, type ServiceProfile } from './service-profiles.js';

const servicesWhere = (uses: (profile: ServiceProfile) => boolean): ServiceName[] =>
  SERVICE_NAMES.filter((service) => uses(SERVICE_PROFILES[service]));

/** Who may connect (ServiceAccount names) and, on an HTTP/2 port, to which paths only. */
interface Grant {
  clients: readonly string[];
  paths?: readonly string[];
}

const only = (clients: readonly string[]): Grant[] => [{ clients }];

/** Which workloads may open a connection to each data store and broker component, and on the proxy for what. */
export const DATA_STORE_CLIENTS: readonly { store: PlatformWorkload; grants: readonly Grant[] }[] = [
  // The services' migrate init containers run in the services' own pods, under the same identity.
  { store: POSTGRES, grants: only([...servicesWhere((p) => p.database !== undefined), POSTGRES_ROLES.name]) },
  { store: REDIS, grants: only(servicesWhere((p) => p.redis)) },
  { store: MONGODB, grants: only(servicesWhere((p) => p.mongodb)) },
  // The proxy's port is gRPC: publishing only for those that publish (rocketmq-rpc.ts).
  {
    store: ROCKETMQ_PROXY,
    grants: [
      { clients: servicesWhere((p) => p.publishes), paths: rpcPaths(SESSION_RPCS, PUBLISH_RPCS) },
      { clients: servicesWhere((p) => p.consumes), paths: rpcPaths(SESSION_RPCS, CONSUME_RPCS) },
    ],
  },
  // The proxy and the topics Job find the broker through the name server; the broker registers itself there.
  { store: ROCKETMQ_NAMESRV, grants: only([ROCKETMQ_PROXY.name, ROCKETMQ_BROKER.name, ROCKETMQ_TOPICS.name]) },
  { store: ROCKETMQ_BROKER, grants: only([ROCKETMQ_PROXY.name, ROCKETMQ_TOPICS.name]) },
];

/**
 * The ALLOW policy of one data store: its ports from exactly its clients' ServiceAccounts, anything else refused.
 * On opaque TCP (the `tcp-*` ports) only principals and ports: what Istio can enforce there, where HTTP attributes
 * would make a rule match nothing. The principal is the peer's mTLS identity, which the namespace's STRICT
 * PeerAuthentication guarantees every caller has.
 */
export const dataStoreAccessOf = (store: PlatformWorkload, grants: readonly Grant[]) =>
  new AuthorizationPolicy({
    metadata: { name: store.name, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: store.name } },
      action: 'ALLOW',
      rules: grants.map(({ clients, paths }) => ({
        from: [{ source: { principals: [...clients].sort().map(servicePrincipal) } }],
        to: [{ operation: { ports: store.ports.map(String), ...(paths === undefined ? {} : { paths: [...paths] }) } }],
      })),
    },
  });

/** One policy per data store and broker component. */
export const dataStoreAccess = () => DATA_STORE_CLIENTS.map(({ store, grants }) => dataStoreAccessOf(store, grants));
