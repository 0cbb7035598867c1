import type { EventHandler } from './event-consumer.js';

/**
 * One handler per event type, for a consumer group subscribed to several types (and topics). Types without a
 * handler are acknowledged and ignored: the subscription's tag filter normally keeps them away, and a type added
 * to a topic later must not make an older consumer fail.
 */
export const byEventType =
  (handlers: Readonly<Record<string, EventHandler>>): EventHandler =>
  (event, message) => {
    const handle = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
    return handle === undefined ? Promise.resolve() : handle(event, message);
  };
