import type { KubeObject } from './kube-client.js';

/** Kinds whose pod template becomes Pods once a controller runs. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/**
 * The Pod a controller would create from a workload's template (the first replica). There is no controller
 * manager in the check cluster, so the checks create it themselves; without a scheduler it stays Pending,
 * which is all the analyzers need. A StatefulSet's claim templates become the PVC references it would make.
 */
export const podOf = (workload: KubeObject): KubeObject => {
  const spec = workload.spec as { template: { metadata?: any; spec: any }; volumeClaimTemplates?: Array<{ metadata: { name: string } }> };
  const name = `${workload.metadata.name}-0`;
  const claims = (spec.volumeClaimTemplates ?? []).map((claim) => ({
    name: claim.metadata.name,
    persistentVolumeClaim: { claimName: `${claim.metadata.name}-${name}` },
  }));
  const podSpec = { ...spec.template.spec };
  if (claims.length > 0) podSpec.volumes = [...(podSpec.volumes ?? []), ...claims];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: workload.metadata.namespace,
      labels: spec.template.metadata?.labels,
      annotations: spec.template.metadata?.annotations,
    },
    spec: podSpec,
  };
};
