import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { prometheusExposition } from './prometheus-exposition.js';

export interface MetricsOptions {
  serviceName: string;
}

export interface Metrics {
  /** Every instrument's current value in the Prometheus text format, for GET /metrics (metricsHandler). */
  scrape(): Promise<string>;
  /** Stops collecting and unregisters the global MeterProvider; call on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's global MeterProvider (service name as resource), read by a Prometheus exporter that
 * starts no server of its own: the service's hono app serves the exposition at /metrics on its HTTP port, so
 * a pod exposes one port and the mesh's policies cover it. Call once per process, in the composition root,
 * before anything creates instruments: the OTel metrics API has no proxy, so an instrument created earlier
 * stays a no-op.
 */
export const initMetrics = (options: MetricsOptions): Metrics => {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    readers: [exporter],
  });
  // Instruments are created through the global API (getMeter), as OTel instrumentations do, rather than by
  // passing a Meter through every factory: the provider is registered here, once, like the tracer provider
  // in initTelemetry. A second registration would leave the instruments on the first provider: refuse it.
  if (!metrics.setGlobalMeterProvider(provider)) throw new Error('a global MeterProvider is registered already; call initMetrics once');
  return {
    scrape: async () => prometheusExposition(await exporter.collect()),
    shutdown: async () => {
      await provider.shutdown();
      metrics.disable();
    },
  };
};
