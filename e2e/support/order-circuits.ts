import { sampleValue } from '@micro-ecommerce/pkg/testing';
import { stageConfig } from './system.js';

const GAUGE = 'micro_ecommerce_grpc_client_circuit_state';

/** The order service's circuit to `target` as its /metrics gauge shows it: 0 closed, 1 half-open, 2 open. */
export const orderCircuitState = async (target: string): Promise<number> => {
  const { host, port } = stageConfig.services.order.http;
  const text = await (await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return sampleValue(text, GAUGE, { rpc_service_target: target });
};

/**
 * Resolves once the order service's circuit to `target` would let the next call through: at once when it is not
 * open, else after its pause (the gauge reads open until that call, the probe, is made). A test that needs its next
 * checkout to reach `target` - e.g. to hit a crash point there - calls it after restarting `target`.
 */
export const untilOrderCircuitLetsCallsThrough = async (target: string): Promise<void> => {
  if ((await orderCircuitState(target)) !== 2) return;
  await new Promise((resolve) => setTimeout(resolve, stageConfig.grpc.circuit_breaker.half_open_after_ms + 250));
};
