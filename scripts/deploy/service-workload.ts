import type { ServiceName } from '@micro-ecommerce/pkg/config';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service, ServiceAccount } from 'kubernetes-models/v1';
import { GRPC_PORT, HTTP_PORT, NAMESPACE } from './deploy-contract.js';
import { deploymentOf, labelsOf } from './deployment.js';

// One replica idles on minikube; three absorb a load test. Scaling on CPU because every service is CPU-bound
// between its I/O waits (JSON, protobuf, argon2 in customer).
const MIN_REPLICAS = 1;
const MAX_REPLICAS = 3;
const TARGET_CPU_PERCENT = 70;

const metadataOf = (service: ServiceName) => ({ name: service, namespace: NAMESPACE, labels: labelsOf(service) });

/** The identity Istio's mTLS certificates and authorization policies name the service by. */
const serviceAccountOf = (service: ServiceName) =>
  new ServiceAccount({ metadata: metadataOf(service), automountServiceAccountToken: false });

/** Port names select Istio's protocol: `http` for HTTP/1.1, `grpc` for HTTP/2. */
const serviceOf = (service: ServiceName) =>
  new Service({
    metadata: metadataOf(service),
    spec: {
      selector: { app: service },
      ports: [
        { name: 'http', port: HTTP_PORT, targetPort: 'http', protocol: 'TCP' },
        { name: 'grpc', port: GRPC_PORT, targetPort: 'grpc', protocol: 'TCP' },
      ],
    },
  });

const autoscalerOf = (service: ServiceName) =>
  new HorizontalPodAutoscaler({
    metadata: metadataOf(service),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
      minReplicas: MIN_REPLICAS,
      maxReplicas: MAX_REPLICAS,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: TARGET_CPU_PERCENT } } }],
    },
  });

/**
 * Voluntary evictions (node drains) take one pod at a time. Not `minAvailable: 1`: with the HPA at its one
 * replica that budget allows no eviction at all, and `kubectl drain` would wait forever.
 */
const disruptionBudgetOf = (service: ServiceName) =>
  new PodDisruptionBudget({
    metadata: metadataOf(service),
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: service } } },
  });

/** Every Kubernetes object one service runs as, in apply order. */
export const serviceWorkload = (service: ServiceName) => [
  serviceAccountOf(service),
  deploymentOf(service),
  serviceOf(service),
  autoscalerOf(service),
  disruptionBudgetOf(service),
];
