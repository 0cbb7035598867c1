import { getMeter } from '../telemetry/index.js';

// Messaging semantic-convention attributes, still "development" in semconv 1.45: spelled out rather than
// imported from the package's unstable incubating entry point, as its maintainers advise.
const DESTINATION = 'messaging.destination.name';
const CONSUMER_GROUP = 'messaging.consumer.group.name';

/** How a consumer's handler ended with an event: applied, found already applied (processOnce), or threw. */
export type ConsumeOutcome = 'ok' | 'duplicate' | 'failed';

/** The event counters: micro_ecommerce.events.published / .consumed / .dead_lettered. */
export interface EventMetrics {
  published(eventType: string, topic: string): void;
  consumed(eventType: string, group: string, result: ConsumeOutcome): void;
  /** A delivery failed on the group's last attempt: the broker moves the message to %DLQ%<group>. */
  deadLettered(eventType: string, group: string): void;
}

/** Creates the event instruments on the process's meter; producers and consumers call it when built. */
export const eventMetrics = (): EventMetrics => {
  const meter = getMeter();
  const published = meter.createCounter('micro_ecommerce.events.published', {
    unit: '{event}',
    description: 'Events published (a transactional one once its local transaction committed).',
  });
  const consumed = meter.createCounter('micro_ecommerce.events.consumed', {
    unit: '{event}',
    description: 'Event deliveries a consumer group handled: ok, duplicate (applied before) or failed (redelivered later).',
  });
  const deadLettered = meter.createCounter('micro_ecommerce.events.dead_lettered', {
    unit: '{event}',
    description: 'Events that failed on their last delivery attempt and went to the dead-letter queue of their consumer group.',
  });
  return {
    published: (eventType, topic) => published.add(1, { event_type: eventType, [DESTINATION]: topic }),
    consumed: (eventType, group, result) => consumed.add(1, { event_type: eventType, [CONSUMER_GROUP]: group, result }),
    deadLettered: (eventType, group) => deadLettered.add(1, { event_type: eventType, [CONSUMER_GROUP]: group }),
  };
};
