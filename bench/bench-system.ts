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

/** The running system: its processes (pids for /proc), a restart of one of them with other settings, and stop. */
export interface BenchSystem {
  processes: Running[];
  /** Stops `name` (SIGTERM: it drains) and starts it again with `env` instead of the system's; ready on return. */
  restart(name: ServiceName, env: Record<string, string>, signal?: NodeJS.Signals): Promise<Running>;
  stop(): Promise<void>;
}

export type ServiceName = keyof typeof ENTRIES;

/**
 * The system as e2e/support/system.ts starts it (same order, same stage file, ready on /readyz), but every process
 * gets `env` (here: the OTLP endpoint of the bench's span receiver), which startSystem has no parameter for.
 */
export const startBenchSystem = async (env: Record<string, string>): Promise<BenchSystem> => {
  const started: ServiceProcess[] = [];
  const byName = new Map<ServiceName, ServiceProcess>();
  const processes: Running[] = [];
  const stop = async () => {
    for (const proc of [...started].reverse()) await proc.stop();
  };
  try {
    for (const [name, entry] of Object.entries(ENTRIES) as Array<[keyof typeof ENTRIES, string]>) {
      const proc = new ServiceProcess(name, entry, readyUrl(name), stageFile);
      await proc.start(env);
      started.push(proc);
      byName.set(name, proc);
      const pid = childRunning(entry);
      if (pid === undefined) throw new Error(`${name} is ready but no child process runs ${entry}`);
      processes.push({ name, pid });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const restart = async (name: ServiceName, restartEnv: Record<string, string>, signal?: NodeJS.Signals): Promise<Running> => {
    const proc = byName.get(name)!;
    await proc.stop(signal);
    await proc.start(restartEnv);
    const pid = childRunning(ENTRIES[name]);
    if (pid === undefined) throw new Error(`${name} is ready again but no child process runs ${ENTRIES[name]}`);
    const running = { name, pid };
    processes.splice(
      processes.findIndex((p) => p.name === name),
      1,
      running,
    );
    return running;
  };
  return { processes, restart, stop };
};
