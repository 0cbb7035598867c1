import { stageConfig, startSystem, type SystemOptions } from '../../e2e/support/system.js';
import type { Narrator } from './demo.js';

type System = Awaited<ReturnType<typeof startSystem>>;

/**
 * Runs `body` against the whole system started as real processes on the test stage - its own ports, databases,
 * Redis prefix and broker namespace, so nothing `make dev` shows is touched - and stops every process afterwards,
 * whatever happened.
 */
export const withSystem = async (
  show: Narrator,
  body: (system: System) => Promise<void>,
  replicas: NonNullable<SystemOptions['replicas']> = {},
): Promise<void> => {
  const extra = Object.entries(replicas).map(([service, n]) => `${n} ${service}`);
  show.step(
    `Starting customer, product, cart, payment, order${extra.length > 0 ? ` (${extra.join(', ')} instances)` : ''} and the gateway on the test stage (own ports and data)`,
  );
  const system = await startSystem({ replicas });
  try {
    await body(system);
  } finally {
    show.step('Stopping every process the demo started');
    await system.stop();
  }
};

const CIRCUIT_STATE = ['closed', 'half-open', 'open'];

/** The order service's circuit to `target` as its /metrics gauge shows it. */
export const circuitGauge = async (target: string): Promise<string> => {
  const { host, port } = stageConfig.services.order.http;
  const text = await (await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const line = text.split('\n').find((l) => l.startsWith('micro_ecommerce_grpc_client_circuit_state{') && l.includes(`"${target}"`));
  return line === undefined ? 'no calls yet' : (CIRCUIT_STATE[Number(line.slice(line.lastIndexOf(' ') + 1))] ?? 'unknown');
};
