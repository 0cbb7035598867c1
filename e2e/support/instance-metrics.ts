import { sampleValue } from '@micro-ecommerce/pkg/testing';
import type { ServiceProcess } from './service-process.js';

/** Sample `name` (summed over the series with `labels`) from one instance's own /metrics, beside its /readyz. */
export const instanceSample = async (proc: ServiceProcess, name: string, labels: Record<string, string> = {}): Promise<number> => {
  const res = await fetch(proc.readyUrl.replace(/\/readyz$/, '/metrics'), { signal: AbortSignal.timeout(5000) });
  return sampleValue(await res.text(), name, labels);
};

/** The same sample from every instance, in the order given. */
export const instanceSamples = (procs: ServiceProcess[], name: string, labels: Record<string, string> = {}): Promise<number[]> =>
  Promise.all(procs.map((proc) => instanceSample(proc, name, labels)));
