import { loadConfig, replicaEnv, replicaInstance, type Replicas, type ServiceName } from '@micro-ecommerce/pkg/config';
import { gatewayConfigSchema } from '../../scripts/gateway/src/config.js';
import { ServiceProcess } from './service-process.js';

const { config, source } = loadConfig(gatewayConfigSchema.loose(), { defaultStage: 'config/test.yaml' });

/** Base URL of the gateway of the test stage. */
export const gatewayUrl = `http://${config.gateway.http.host}:${config.gateway.http.port}`;

/** The stage file the tests loaded (STAGE, else config/test.yaml): the processes they start run on it too. */
export const stageFile = source;

/** The stage config as the e2e tests see it (admins, key paths, ports). */
export const stageConfig: any = config;

// customer first (the others fetch its JWKS), order last but one (it calls the three others), the gateway last.
const START_ORDER: ServiceName[] = ['customer', 'product', 'cart', 'payment', 'order'];

export interface SystemOptions {
  /** Instances per service (the test stage's `replicas`, one each, for those not named). */
  replicas?: Partial<Replicas>;
}

export interface RunningSystem {
  /** Every process by name: `cart` is the cart's slot 0, `cart-1` its slot 1 (pkg replicaInstance), and `gateway`. */
  processes: Record<string, ServiceProcess>;
  /** The replica counts every process was told. */
  replicas: Replicas;
  /** Starts one more instance of `service` on `slot` (e.g. the spare of a rolling restart); stop() stops it too. */
  startInstance(service: ServiceName, slot: number): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * The whole system as real processes on the test ports, `replicas` instances of each service (slot i on the
 * stage's ports + 10·i), each ready once its /readyz answers 200, then the gateway over all of them.
 */
export const startSystem = async (options: SystemOptions = {}): Promise<RunningSystem> => {
  const replicas: Replicas = { customer: 1, product: 1, cart: 1, order: 1, payment: 1, ...config.replicas, ...options.replicas };
  const processOf = (service: ServiceName, slot: number) => {
    const instance = replicaInstance(config, replicas, service, slot);
    return new ServiceProcess(instance.name, `service.${service}/dist/main.js`, instance.readyUrl, stageFile, instance.env);
  };
  const processes: Record<string, ServiceProcess> = {};
  const started = new Set<ServiceProcess>();
  const startTracked = async (name: string, proc: ServiceProcess) => {
    processes[name] = proc;
    started.add(proc);
    await proc.start();
    return proc;
  };
  // The gateway first, so that nothing reaches a stopping service; then every service at once (each drains for
  // pkg's DRAIN_DELAY_MS after SIGTERM, which one after the other would add up).
  const stop = async () => {
    const gateway = processes.gateway;
    if (gateway !== undefined) await gateway.stop();
    await Promise.all([...started].filter((proc) => proc !== gateway).map((proc) => proc.stop()));
  };
  try {
    for (const service of START_ORDER)
      for (let slot = 0; slot < replicas[service]; slot++) {
        const proc = processOf(service, slot);
        await startTracked(proc.name, proc);
      }
    const gateway = new ServiceProcess('gateway', 'scripts/gateway/dist/main.js', `${gatewayUrl}/healthz`, stageFile, replicaEnv(replicas));
    await startTracked('gateway', gateway);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes,
    replicas,
    startInstance: (service, slot) => {
      const proc = processOf(service, slot);
      return startTracked(proc.name, proc);
    },
    stop,
  };
};
