import * as istioNetworkingV1 from '@kubernetes-models/istio/networking.istio.io/v1';
import * as istioNetworkingV1alpha3 from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import * as istioNetworkingV1beta1 from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import * as istioSecurityV1 from '@kubernetes-models/istio/security.istio.io/v1';
import * as istioSecurityV1beta1 from '@kubernetes-models/istio/security.istio.io/v1beta1';
import * as istioTelemetryV1 from '@kubernetes-models/istio/telemetry.istio.io/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';

/** A model class of kubernetes-models: validate() throws naming every field that breaks the schema. */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

// The API groups our manifests may use. Anything else (a typo in apiVersion, a kind of a CRD we do not
// install) has no model and fails validation.
const MODULES: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'autoscaling/v2': autoscalingV2,
  'policy/v1': policyV1,
  'networking.istio.io/v1': istioNetworkingV1,
  'networking.istio.io/v1beta1': istioNetworkingV1beta1,
  // EnvoyFilter exists only in v1alpha3.
  'networking.istio.io/v1alpha3': istioNetworkingV1alpha3,
  'security.istio.io/v1': istioSecurityV1,
  'security.istio.io/v1beta1': istioSecurityV1beta1,
  'telemetry.istio.io/v1': istioTelemetryV1,
};

const isModelClass = (value: unknown, apiVersion: string, kind: string): value is ModelClass =>
  typeof value === 'function' && (value as Partial<ModelClass>).apiVersion === apiVersion && (value as Partial<ModelClass>).kind === kind;

/** The model of a top-level object (not of a nested type such as DeploymentSpec), or undefined. */
export const modelOf = (apiVersion: string, kind: string): ModelClass | undefined => {
  const candidate = MODULES[apiVersion]?.[kind];
  return isModelClass(candidate, apiVersion, kind) ? candidate : undefined;
};
