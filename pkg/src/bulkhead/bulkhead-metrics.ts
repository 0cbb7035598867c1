import { getMeter } from '../telemetry/index.js';

/** Which server a limit guards: the attribute `protocol` of every bulkhead metric. */
export type Protocol = 'http' | 'grpc';

/** Why work was shed: no slot and no queue place, no slot within the queue's wait, or the caller left while queued. */
export type RefusalReason = 'full' | 'wait_timeout' | 'abandoned';

/** The bulkhead instruments of one limit. */
export interface BulkheadMetrics {
  /** +1 when work takes a slot, -1 when it gives it back. */
  running(delta: 1 | -1): void;
  /** +1 when work starts waiting for a slot, -1 when it stops (it got one, or gave up). */
  waiting(delta: 1 | -1): void;
  refused(reason: RefusalReason): void;
}

/**
 * micro_ecommerce.bulkhead.in_flight and .queued (up-down counters, so every limit of a process adds to the same
 * series, as http.server.active_requests does) and micro_ecommerce.bulkhead.refusals, by protocol. Call where the
 * limit is built, after initMetrics.
 */
export const bulkheadMetrics = (protocol: Protocol): BulkheadMetrics => {
  const meter = getMeter();
  const inFlight = meter.createUpDownCounter('micro_ecommerce.bulkhead.in_flight', {
    unit: '{request}',
    description: 'Requests or calls holding a slot of the in-flight limit (bulkhead) right now.',
  });
  const queued = meter.createUpDownCounter('micro_ecommerce.bulkhead.queued', {
    unit: '{request}',
    description: 'Requests or calls waiting for a slot of the in-flight limit right now.',
  });
  const refusals = meter.createCounter('micro_ecommerce.bulkhead.refusals', {
    unit: '{request}',
    description: 'Requests or calls shed by the in-flight limit (503 OVERLOADED, gRPC UNAVAILABLE), by reason.',
  });
  const attributes = { protocol };
  return {
    running: (delta) => inFlight.add(delta, attributes),
    waiting: (delta) => queued.add(delta, attributes),
    refused: (reason) => refusals.add(1, { protocol, reason }),
  };
};
