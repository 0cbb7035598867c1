import { orderCircuitState } from '../../e2e/support/order-circuits.js';
import { startSystem, type SystemOptions } from '../../e2e/support/system.js';
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

/** The order service's circuit to `target`, in words. */
export const circuitGauge = async (target: string): Promise<string> => CIRCUIT_STATE[await orderCircuitState(target)] ?? 'unknown';
