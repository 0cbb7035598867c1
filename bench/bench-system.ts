import { ServiceProcess } from '../e2e/support/service-process.js';
import { gatewayUrl, stageConfig, stageFile } from '../e2e/support/system.js';
import { childRunning } from './process-stats.js';

/** A running process of the system under test, with its pid for /proc. */
export interface Running {
  name: string;
  pid: number;
}

const ENTRIES = {
  customer: 'service.customer/dist/main.js',
  product: 'service.product/dist/main.js',
  cart: 'service.cart/dist/main.js',
  payment: 'service.payment/dist/main.js',
  order: 'service.order/dist/main.js',
  gateway: 'scripts/gateway/dist/main.js',
} as const;

const readyUrl = (name: keyof typeof ENTRIES): string => {
  if (name === 'gateway') return `${gatewayUrl}/healthz`;
  const { host, port } = stageConfig.services[name].http;
  return `http://${host}:${port}/readyz`;
};

/**
 * The system as e2e/support/system.ts starts it (same order, same stage file, ready on /readyz), but every process
 * gets `env` (here: the OTLP endpoint of the bench's span receiver), which startSystem has no parameter for.
 */
export const startBenchSystem = async (env: Record<string, string>): Promise<{ processes: Running[]; stop(): Promise<void> }> => {
  const started: ServiceProcess[] = [];
  const processes: Running[] = [];
  const stop = async () => {
    for (const proc of [...started].reverse()) await proc.stop();
  };
  try {
    for (const [name, entry] of Object.entries(ENTRIES) as Array<[keyof typeof ENTRIES, string]>) {
      const proc = new ServiceProcess(name, entry, readyUrl(name), stageFile);
      await proc.start(env);
      started.push(proc);
      const pid = childRunning(entry);
      if (pid === undefined) throw new Error(`${name} is ready but no child process runs ${entry}`);
      processes.push({ name, pid });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, stop };
};
