import type { ServiceName } from '@micro-ecommerce/pkg/config';
import { DEFAULT_CLIENT_OPTIONS } from '@micro-ecommerce/pkg/grpc';
import { callersOf, GRPC_SERVICES } from '../deploy/grpc-callers.js';

/** One move of a rolling restart: a new instance on `start`, then the old one on `drain` leaves. */
export interface RestartStep {
  start: number;
  drain: number;
}

/** The two things a rolling restart does to instances, whoever runs them (make dev's pid files, an e2e test). */
export interface InstanceSlots {
  /** Starts a new instance on `slot` and resolves once its /readyz answers 200; rejects if it never does. */
  start(slot: number): Promise<void>;
  /** Sends SIGTERM to the instance on `slot` (it turns unready, drains, exits) and resolves once it exited. */
  drain(slot: number): Promise<void>;
}

/**
 * The steps for `replicas` instances on slots 0..n-1, with slot n as the spare (pkg slotsOf): each new instance
 * takes the slot its predecessor's predecessor freed, and a last step moves the instance on the spare back to
 * slot n-1. n+1 starts in all, never fewer than n instances ready (Kubernetes: maxUnavailable 0, maxSurge 1), and
 * the service ends on the slots it started on, so slot 0 (e.g. the JWKS address every service fetches) is
 * served again at the end.
 */
export const restartSteps = (replicas: number): RestartStep[] => {
  const steps: RestartStep[] = [{ start: replicas, drain: 0 }];
  for (let slot = 1; slot < replicas; slot++) steps.push({ start: slot - 1, drain: slot });
  steps.push({ start: replicas - 1, drain: replicas });
  return steps;
};

// The local gateway polls /readyz every second (scripts/gateway/src/upstreams.ts).
const GATEWAY_POLL_MS = 1000;

/**
 * How long a new instance serves beside the old one before the old one drains, so that every caller has it in
 * rotation: the gateway within a poll; a gRPC caller only once its channel's reconnect backoff to the slot (up to
 * grpc.max_reconnect_backoff_ms, +20 % jitter) let it connect, for services that have gRPC callers.
 */
export const settleMsOf = (service: ServiceName): number => {
  const hasGrpcCallers = GRPC_SERVICES.some((entry) => entry.server === service && callersOf(entry).length > 0);
  const backoffMs = Number(DEFAULT_CLIENT_OPTIONS['grpc.max_reconnect_backoff_ms'] ?? 120_000);
  return hasGrpcCallers ? Math.ceil(backoffMs * 1.2) + GATEWAY_POLL_MS : 2 * GATEWAY_POLL_MS;
};

/**
 * Replaces every instance of a service one by one: start a new one on a free slot, wait until it is ready, let
 * callers find it (`settleMs`), drain an old one, next. A new instance that does not come up stops the restart
 * with the old ones still serving.
 */
export const rollingRestart = async (
  slots: InstanceSlots,
  options: { replicas: number; settleMs: number; log: (line: string) => void },
): Promise<void> => {
  for (const [index, step] of restartSteps(options.replicas).entries()) {
    const prefix = `step ${index + 1}/${options.replicas + 1}:`;
    options.log(`${prefix} starting a new instance on slot ${step.start}`);
    await slots.start(step.start);
    options.log(`${prefix} slot ${step.start} ready; letting callers find it for ${options.settleMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    options.log(`${prefix} draining slot ${step.drain} (SIGTERM)`);
    await slots.drain(step.drain);
    options.log(`${prefix} slot ${step.drain} exited`);
  }
};
