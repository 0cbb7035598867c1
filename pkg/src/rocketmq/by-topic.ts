import type { EventHandler } from './event-consumer.js';

/**
 * One handler per topic, for a consumer group subscribed to several. The topic is the broker's record of where a
 * message was sent, not something its body claims: with `byEventType` inside each topic's handler, an event type
 * is honoured only from the topic its owner publishes to (a CommissionEarned sent to order-events by whoever may
 * write there is ignored, not credited). A topic without a handler is acknowledged and ignored, as a type
 * without one is.
 */
export const byTopic =
  (handlers: Readonly<Record<string, EventHandler>>): EventHandler =>
  (event, message) => {
    const handle = Object.hasOwn(handlers, message.topic) ? handlers[message.topic] : undefined;
    return handle === undefined ? Promise.resolve() : handle(event, message);
  };
