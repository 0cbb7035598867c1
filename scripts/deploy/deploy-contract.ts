// The names every deploy file agrees on: namespaces, secrets, ports, the ingress gateway's identity.
// Terraform, the data store manifests and these generated manifests must use exactly these values.

/** The application namespace (created by Terraform with istio-injection: enabled). */
export const NAMESPACE = 'micro-ecommerce';

/** Istio, its ingress gateway and the addons (Kiali, Jaeger, Prometheus). */
export const ISTIO_NAMESPACE = 'istio-system';

/** The labels of the ingress gateway's pods (helm chart `gateway`, release istio-ingressgateway). */
export const INGRESS_SELECTOR = { istio: 'ingressgateway' };

/**
 * The port the ingress gateway's pods listen on for HTTP (chart `gateway`: Service port 80 -> targetPort 80).
 * Gateway servers and ingress AuthorizationPolicy ports name this one.
 */
export const INGRESS_HTTP_PORT = 80;

/** The SPIFFE principal of the ingress gateway's ServiceAccount, as Istio authorization policies name it. */
export const INGRESS_PRINCIPAL = `cluster.local/ns/${ISTIO_NAMESPACE}/sa/istio-ingressgateway`;

/** The principal of a service's own ServiceAccount (named like the service). */
export const servicePrincipal = (service: string): string => `cluster.local/ns/${NAMESPACE}/sa/${service}`;

/** The in-cluster DNS name of a Service of the application namespace. */
export const serviceHost = (service: string): string => `${service}.${NAMESPACE}.svc.cluster.local`;

/** Every service listens on these in Kubernetes (config/k8s.yaml says the same). */
export const HTTP_PORT = 8080;
export const GRPC_PORT = 9090;

/** Where every service serves its Prometheus metrics, on HTTP_PORT (pkg createHttpApp). */
export const METRICS_PATH = '/metrics';

/** The ConfigMap Terraform creates from config/k8s.yaml, and where each container finds it. */
export const CONFIG_MAP = { name: 'micro-ecommerce-config', key: 'k8s.yaml' };
export const APP_DIR = '/app';
export const STAGE = 'config/k8s.yaml';

/** Secrets created by Terraform from its variables; never committed. */
/** The PostgreSQL superuser's password: read by the StatefulSet and the postgres-roles Job only, no service. */
export const POSTGRES_SECRET = { name: 'postgres-credentials', key: 'password' };
/**
 * A service's own PostgreSQL role: named like its database (infrastructure/postgres/service-role.sql), its password
 * in a Secret of its own (secrets.tf), so each Deployment can read its role's password and no other.
 */
export const postgresRoleSecret = (role: string) => ({ name: `postgres-${role}`, key: 'password' });
/** The Redis ACL file (redis-users.tf), mounted into the Redis StatefulSet and loaded with --aclfile. */
export const REDIS_USERS_SECRET = { name: 'redis-users', key: 'users.acl' };
/** A Redis-using service's redis.url with its own ACL user and password (redis-users.tf). */
export const redisUserSecret = (service: string) => ({ name: `redis-${service}`, key: 'url' });
/** The ConfigMap Terraform makes of infrastructure/postgres/service-role.sql (config.tf), run by the postgres-roles Job. */
export const POSTGRES_ROLES_CONFIG_MAP = { name: 'postgres-roles', key: 'service-role.sql' };
export const ADMINS_SECRET = { name: 'customer-admins', key: 'admins' };
export const STAFF_SECRET = { name: 'customer-staff', key: 'staff' };
/**
 * The SMTP relay of the customer service's notification e-mails (`services.customer.mail.smtp`). Terraform writes
 * only the keys whose variable is set (infrastructure/mail.tf), and the Deployment reads each one as optional: a
 * missing key leaves config/k8s.yaml's value, whose empty host keeps the .eml file sender.
 */
export const SMTP_SECRET = { name: 'customer-smtp', keys: ['host', 'port', 'secure', 'user', 'password'] } as const;
export const JWT_SECRET = {
  name: 'jwt-keys',
  keys: ['jwt-private.pem', 'jwt-public.pem'],
  mountPath: '/var/run/secrets/micro-ecommerce/jwt',
};

/** The image `minikube image build` produces for a service. */
export const imageOf = (service: string): string => `micro-ecommerce/${service}:dev`;
