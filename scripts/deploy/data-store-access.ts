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
import { SERVICE_PROFILES, type ServiceProfile } from './service-profiles.js';

const servicesWhere = (uses: (profile: ServiceProfile) => boolean): ServiceName[] =>
  SERVICE_NAMES.filter((service) => uses(SERVICE_PROFILES[service]));

/** Which workloads (by ServiceAccount name) may open a connection to each data store and to the broker. */
export const DATA_STORE_CLIENTS: readonly { store: PlatformWorkload; clients: readonly string[] }[] = [
  // The services' migrate init containers run in the services' own pods, under the same identity.
  { store: POSTGRES, clients: [...servicesWhere((p) => p.database !== undefined), POSTGRES_ROLES.name] },
  { store: REDIS, clients: servicesWhere((p) => p.redis) },
  { store: MONGODB, clients: servicesWhere((p) => p.mongodb) },
  { store: ROCKETMQ_PROXY, clients: servicesWhere((p) => p.broker) },
  // The proxy and the topics Job find the broker through the name server; the broker registers itself there.
  { store: ROCKETMQ_NAMESRV, clients: [ROCKETMQ_PROXY.name, ROCKETMQ_BROKER.name, ROCKETMQ_TOPICS.name] },
  { store: ROCKETMQ_BROKER, clients: [ROCKETMQ_PROXY.name, ROCKETMQ_TOPICS.name] },
];

/**
 * The ALLOW policy of one data store: its ports from exactly its clients' ServiceAccounts, anything else refused.
 * Only principals and ports: those are what Istio can enforce on opaque TCP (the `tcp-*` ports), where HTTP
 * attributes would make a rule match nothing. The principal is the peer's mTLS identity, which the namespace's
 * STRICT PeerAuthentication guarantees every caller has.
 */
export const dataStoreAccessOf = (store: PlatformWorkload, clients: readonly string[]) =>
  new AuthorizationPolicy({
    metadata: { name: store.name, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: store.name } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: [...clients].sort().map(servicePrincipal) } }],
          to: [{ operation: { ports: store.ports.map(String) } }],
        },
      ],
    },
  });

/** One policy per data store and broker component. */
export const dataStoreAccess = () => DATA_STORE_CLIENTS.map(({ store, clients }) => dataStoreAccessOf(store, clients));
