import { getMeter } from '@micro-ecommerce/pkg/telemetry';

/** What the live order streams report: how many are open in this process, and the ones refused. */
export interface StreamMetrics {
  opened(): void;
  closed(): void;
  /** A stream refused because its account holds its maximum already (429 TOO_MANY_STREAMS). */
  refused(): void;
}

/**
 * micro_ecommerce.order.streams.open (per process) and micro_ecommerce.order.stream_refusals{reason}: an account
 * running into its limit is either a client that leaks streams or someone holding connections on purpose.
 */
export const createStreamMetrics = (): StreamMetrics => {
  const meter = getMeter();
  const open = meter.createUpDownCounter('micro_ecommerce.order.streams.open', {
    unit: '{stream}',
    description: 'Live order streams (GET /order/{id}/events) open in this process.',
  });
  const refusals = meter.createCounter('micro_ecommerce.order.stream_refusals', {
    unit: '{stream}',
    description: 'Live order streams refused, by reason (too_many_streams: the account holds its maximum already).',
  });
  return {
    opened: () => open.add(1),
    closed: () => open.add(-1),
    refused: () => refusals.add(1, { reason: 'too_many_streams' }),
  };
};
