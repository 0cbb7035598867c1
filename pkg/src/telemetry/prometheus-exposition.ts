import { diag } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { CollectionResult, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';

// The OTel → Prometheus compatibility spec puts the unit, in words, at the end of the name
// (http.server.request.duration in s → http_server_request_duration_seconds), as Prometheus dashboards and
// the OTel Collector expect. exporter-prometheus 0.223 only writes a # UNIT line (opentelemetry-js #3466, closed
// unimplemented), so the names are completed here. Annotations such as {checkout} add nothing, as the spec says.
const UNIT_WORDS: Readonly<Record<string, string>> = { s: 'seconds', ms: 'milliseconds', By: 'bytes' };

/** The name a metric should carry in Prometheus, before the exporter turns dots into underscores. */
export const withUnitSuffix = (name: string, unit: string): string => {
  const word = UNIT_WORDS[unit];
  if (word === undefined || name.endsWith(`_${word}`) || name.endsWith(`.${word}`)) return name;
  return `${name}_${word}`;
};

const renamed = (metric: MetricData): MetricData => ({
  ...metric,
  descriptor: { ...metric.descriptor, name: withUnitSuffix(metric.descriptor.name, metric.descriptor.unit) },
});

/** Serializes a collection in the Prometheus text format (0.0.4), unit suffixes included. */
export const prometheusExposition = ({ resourceMetrics, errors }: CollectionResult): string => {
  if (errors.length > 0) diag.error('metrics collection errors', ...errors);
  const withUnits: ResourceMetrics = {
    ...resourceMetrics,
    scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({ ...scope, metrics: scope.metrics.map(renamed) })),
  };
  return new PrometheusSerializer().serialize(withUnits);
};
